package domain

import (
	"encoding/base64"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Page size bounds for listing todos.
const (
	// DefaultListLimit is the page size when the client gives none.
	DefaultListLimit = 50
	// MaxListLimit is the largest page size a client may ask for.
	MaxListLimit = 200
)

// ListQuery selects a page of one owner's todos, oldest first.
type ListQuery struct {
	// Status, when set, keeps only todos with that status.
	Status *Status
	// DueAfter and DueBefore, when set, keep only todos due at or after / strictly before
	// the instant. Todos without a due date are left out when either is set.
	DueAfter, DueBefore *time.Time
	// After is the cursor: the id of the last todo of the previous page, or uuid.Nil.
	After uuid.UUID
	// Limit is the page size, 1 to MaxListLimit.
	Limit int
}

// Validate checks the query's ranges.
func (q ListQuery) Validate() error {
	var fields []FieldError
	if q.Limit < 1 || q.Limit > MaxListLimit {
		fields = append(fields, FieldError{Field: "limit", Reason: "must be between 1 and 200"})
	}
	if q.Status != nil {
		if _, ok := ParseStatus(string(*q.Status)); !ok {
			fields = append(fields, FieldError{Field: "status", Reason: "must be one of open, done"})
		}
	}
	if q.DueAfter != nil && q.DueBefore != nil && !q.DueAfter.Before(*q.DueBefore) {
		fields = append(fields, FieldError{Field: "due_before", Reason: "must be later than due_after"})
	}
	if len(fields) > 0 {
		return Invalid(fields...)
	}
	return nil
}

// Page is one page of todos and the cursor of the next page ("" on the last page).
type Page struct {
	// Items are the todos, oldest first.
	Items []Todo
	// NextCursor is passed back as ?cursor= for the next page; empty on the last page.
	NextCursor string
}

// cursorPrefix versions the cursor format so it can change without misreading old cursors.
const cursorPrefix = "v1:"

// EncodeCursor makes the opaque cursor that continues after the todo id. Because ids are
// UUIDv7 (time-ordered) and pages are read by id, todos inserted while a client pages
// through the list land after its cursor and never shift or repeat earlier pages.
func EncodeCursor(after uuid.UUID) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + after.String()))
}

// DecodeCursor parses a cursor made by EncodeCursor. Anything else is a KindInvalid error
// naming the cursor parameter.
func DecodeCursor(s string) (uuid.UUID, error) {
	bad := Invalid(FieldError{Field: "cursor", Reason: "is not a cursor returned by this API"})
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return uuid.Nil, bad
	}
	rest, ok := strings.CutPrefix(string(raw), cursorPrefix)
	if !ok {
		return uuid.Nil, bad
	}
	id, err := uuid.Parse(rest)
	if err != nil || len(rest) != 36 || id == uuid.Nil {
		return uuid.Nil, bad
	}
	return id, nil
}
