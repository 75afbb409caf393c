package domain

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Limits of a todo's fields, shared with the database's CHECK constraints and the OpenAPI spec.
const (
	// TitleMaxLen is the maximum title length in characters (Unicode code points).
	TitleMaxLen = 200
	// NotesMaxLen is the maximum notes length in characters.
	NotesMaxLen = 10000
)

// Status is a todo's state.
type Status string

// The statuses a todo can have.
const (
	// StatusOpen is a todo still to do; new todos start open.
	StatusOpen Status = "open"
	// StatusDone is a finished todo.
	StatusDone Status = "done"
)

// ParseStatus validates s as a Status.
func ParseStatus(s string) (Status, bool) {
	switch Status(s) {
	case StatusOpen, StatusDone:
		return Status(s), true
	}
	return "", false
}

// Todo is one item on a user's list.
type Todo struct {
	// ID is a UUIDv7, so ids sort in creation order (the list's cursor relies on it).
	ID uuid.UUID
	// OwnerID is the user the todo belongs to; every query is scoped by it.
	OwnerID uuid.UUID
	// Title is 1 to TitleMaxLen characters, not only blanks.
	Title string
	// Notes is free text up to NotesMaxLen characters; empty when absent.
	Notes string
	// Status is open or done.
	Status Status
	// DueAt is when the todo is due, or nil. todo-batch mails a reminder before it.
	DueAt *time.Time
	// Version starts at 1 and grows by one on every change; it is the ETag.
	Version int64
	// CreatedAt and UpdatedAt are set by the service, in UTC.
	CreatedAt, UpdatedAt time.Time
}

// NewTodo is the input to create a todo.
type NewTodo struct {
	// Title is required.
	Title string `json:"title"`
	// Notes is optional.
	Notes string `json:"notes"`
	// Status defaults to open.
	Status Status `json:"status"`
	// DueAt is optional.
	DueAt *time.Time `json:"due_at"`
}

// Validate checks every field and reports all problems at once.
func (n NewTodo) Validate() error {
	var fields []FieldError
	fields = appendTitleErrors(fields, n.Title)
	fields = appendNotesErrors(fields, n.Notes)
	if n.Status != "" {
		if _, ok := ParseStatus(string(n.Status)); !ok {
			fields = append(fields, FieldError{Field: "status", Reason: "must be one of open, done"})
		}
	}
	if len(fields) > 0 {
		return Invalid(fields...)
	}
	return nil
}

// Build validates n and returns the todo it describes, owned by owner, with the given id and
// creation time.
func (n NewTodo) Build(id, owner uuid.UUID, now time.Time) (Todo, error) {
	if err := n.Validate(); err != nil {
		return Todo{}, err
	}
	status := n.Status
	if status == "" {
		status = StatusOpen
	}
	return Todo{
		ID: id, OwnerID: owner, Title: n.Title, Notes: n.Notes, Status: status,
		DueAt: utcPtr(n.DueAt), Version: 1, CreatedAt: now.UTC().Round(time.Microsecond), UpdatedAt: now.UTC().Round(time.Microsecond),
	}, nil
}

// TodoPatch is a partial update: nil fields stay as they are. ClearDueAt removes the due
// date (JSON null); it cannot be combined with DueAt.
type TodoPatch struct {
	// Title, when set, replaces the title.
	Title *string
	// Notes, when set, replaces the notes.
	Notes *string
	// Status, when set, replaces the status.
	Status *Status
	// DueAt, when set, replaces the due date.
	DueAt *time.Time
	// ClearDueAt removes the due date.
	ClearDueAt bool
}

// Empty tells whether the patch changes nothing.
func (p TodoPatch) Empty() bool {
	return p.Title == nil && p.Notes == nil && p.Status == nil && p.DueAt == nil && !p.ClearDueAt
}

// Validate checks every set field and reports all problems at once.
func (p TodoPatch) Validate() error {
	var fields []FieldError
	if p.Title != nil {
		fields = appendTitleErrors(fields, *p.Title)
	}
	if p.Notes != nil {
		fields = appendNotesErrors(fields, *p.Notes)
	}
	if p.Status != nil {
		if _, ok := ParseStatus(string(*p.Status)); !ok {
			fields = append(fields, FieldError{Field: "status", Reason: "must be one of open, done"})
		}
	}
	if p.DueAt != nil && p.ClearDueAt {
		fields = append(fields, FieldError{Field: "due_at", Reason: "cannot be both set and cleared"})
	}
	if p.Empty() {
		fields = append(fields, FieldError{Field: "body", Reason: "must change at least one of title, notes, status, due_at"})
	}
	if len(fields) > 0 {
		return Invalid(fields...)
	}
	return nil
}

// Apply returns t with the patch applied, the version bumped and UpdatedAt set to now.
func (p TodoPatch) Apply(t Todo, now time.Time) (Todo, error) {
	if err := p.Validate(); err != nil {
		return Todo{}, err
	}
	if p.Title != nil {
		t.Title = *p.Title
	}
	if p.Notes != nil {
		t.Notes = *p.Notes
	}
	if p.Status != nil {
		t.Status = *p.Status
	}
	if p.DueAt != nil {
		t.DueAt = utcPtr(p.DueAt)
	}
	if p.ClearDueAt {
		t.DueAt = nil
	}
	t.Version++
	t.UpdatedAt = now.UTC().Round(time.Microsecond)
	return t, nil
}

func appendTitleErrors(fields []FieldError, title string) []FieldError {
	n := utf8.RuneCountInString(title)
	switch {
	case !utf8.ValidString(title):
		return append(fields, FieldError{Field: "title", Reason: "must be valid UTF-8"})
	case strings.TrimSpace(title) == "":
		return append(fields, FieldError{Field: "title", Reason: "is required and must not be blank"})
	case n > TitleMaxLen:
		return append(fields, FieldError{Field: "title", Reason: fmt.Sprintf("must be at most %d characters, got %d", TitleMaxLen, n)})
	case strings.ContainsRune(title, 0):
		return append(fields, FieldError{Field: "title", Reason: "must not contain NUL characters"})
	}
	return fields
}

func appendNotesErrors(fields []FieldError, notes string) []FieldError {
	n := utf8.RuneCountInString(notes)
	switch {
	case !utf8.ValidString(notes):
		return append(fields, FieldError{Field: "notes", Reason: "must be valid UTF-8"})
	case n > NotesMaxLen:
		return append(fields, FieldError{Field: "notes", Reason: fmt.Sprintf("must be at most %d characters, got %d", NotesMaxLen, n)})
	case strings.ContainsRune(notes, 0):
		return append(fields, FieldError{Field: "notes", Reason: "must not contain NUL characters"})
	}
	return fields
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	// PostgreSQL keeps microseconds; rounding here makes what we return equal what we store.
	u := t.UTC().Round(time.Microsecond)
	return &u
}
