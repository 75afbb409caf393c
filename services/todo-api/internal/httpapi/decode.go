package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
)

// MaxBodyBytes is the largest request body accepted (1 MiB); larger bodies get 413.
const MaxBodyBytes = 1 << 20

// readBody reads a JSON request body of at most MaxBodyBytes whose media type is one of
// accepted (application/json when none is given).
func readBody(w http.ResponseWriter, r *http.Request, accepted ...string) ([]byte, error) {
	if len(accepted) == 0 {
		accepted = []string{"application/json"}
	}
	ct := r.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || !slices.Contains(accepted, mt) {
		want := strings.Join(accepted, " or ")
		return nil, newHTTPError(http.StatusUnsupportedMediaType, "the request body must be "+want,
			domain.FieldError{Field: "Content-Type", Reason: fmt.Sprintf("must be %s, got %q", want, ct)})
	}
	if r.ContentLength > MaxBodyBytes {
		return nil, errBodyTooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, errBodyTooLarge
	}
	if err != nil {
		return nil, newHTTPError(http.StatusBadRequest, "the request body could not be read")
	}
	return body, nil
}

var errBodyTooLarge = newHTTPError(http.StatusRequestEntityTooLarge, "the request body is larger than 1 MiB",
	domain.FieldError{Field: "body", Reason: "must be at most 1048576 bytes"})

// object is a decoded JSON object whose members are checked one by one, so every problem is
// reported at once and each names its field.
type object struct {
	members map[string]json.RawMessage
	fields  []domain.FieldError
}

// decodeObject parses body as one JSON object with members from allowed only.
func decodeObject(body []byte, allowed ...string) (*object, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	var members map[string]json.RawMessage
	if err := dec.Decode(&members); err != nil || members == nil {
		return nil, domain.Invalid(domain.FieldError{Field: "body", Reason: syntaxReason(err)})
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, domain.Invalid(domain.FieldError{Field: "body", Reason: "must hold exactly one JSON object"})
	}
	o := &object{members: members}
	known := map[string]bool{}
	for _, a := range allowed {
		known[a] = true
	}
	var unknown []string
	for name := range members {
		if !known[name] {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(unknown)
	for _, name := range unknown {
		if name == "" {
			name = `""` // an empty member name still needs a visible field
		}
		o.fail(name, "is not a known field (read-only fields such as id cannot be set)")
	}
	return o, nil
}

func syntaxReason(err error) string {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	switch {
	case err == nil:
		return "must be a JSON object, not null"
	case errors.Is(err, io.EOF):
		return "must be a JSON object; the body is empty"
	case errors.As(err, &syn):
		return fmt.Sprintf("is not valid JSON (at byte %d)", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("must be a JSON object, not a %s", typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "is not valid JSON (truncated)"
	}
	return "is not a valid JSON object"
}

func (o *object) fail(field, reason string) {
	o.fields = append(o.fields, domain.FieldError{Field: field, Reason: reason})
}

// err returns the collected field errors as one KindInvalid error, or nil.
func (o *object) err() error {
	if len(o.fields) == 0 {
		return nil
	}
	return domain.Invalid(o.fields...)
}

// merge adds the field errors of a domain validation error for fields not reported yet, so a
// field that failed to decode is not reported a second time by the domain's rules.
func (o *object) merge(err error) {
	var derr *domain.Error
	if !errors.As(err, &derr) {
		return
	}
	seen := map[string]bool{}
	for _, f := range o.fields {
		seen[f.Field] = true
	}
	for _, f := range derr.Fields {
		if !seen[f.Field] {
			o.fields = append(o.fields, f)
		}
	}
}

func isNull(raw json.RawMessage) bool {
	return string(bytes.TrimSpace(raw)) == "null"
}

// str reads member name as a string; present is false when the member is absent.
func (o *object) str(name string) (v *string) {
	raw, ok := o.members[name]
	if !ok {
		return nil
	}
	var s string
	if isNull(raw) || json.Unmarshal(raw, &s) != nil {
		o.fail(name, "must be a string")
		return nil
	}
	return &s
}

// timestamp reads member name as an RFC 3339 date-time; null sets cleared.
func (o *object) timestamp(name string) (v *time.Time, cleared bool) {
	raw, ok := o.members[name]
	if !ok {
		return nil, false
	}
	if isNull(raw) {
		return nil, true
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		o.fail(name, "must be an RFC 3339 date-time string such as 2027-01-31T09:00:00Z, or null")
		return nil, false
	}
	t, err := parseTime(s)
	if err != nil {
		o.fail(name, err.Error())
		return nil, false
	}
	return &t, false
}

// parseTime parses an RFC 3339 date-time within the range PostgreSQL stores.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("must be an RFC 3339 date-time such as 2027-01-31T09:00:00Z, got %q", s)
	}
	if t.Year() < 1 || t.Year() > 9999 {
		return time.Time{}, fmt.Errorf("must be between years 0001 and 9999")
	}
	return t, nil
}

// decodeCreateTodo decodes a POST /v1/todos body.
func decodeCreateTodo(body []byte) (domain.NewTodo, error) {
	o, err := decodeObject(body, "title", "notes", "status", "due_at")
	if err != nil {
		return domain.NewTodo{}, err
	}
	var in domain.NewTodo
	if v := o.str("title"); v != nil {
		in.Title = *v
	} else if _, ok := o.members["title"]; !ok {
		o.fail("title", "is required")
	}
	if v := o.str("notes"); v != nil {
		in.Notes = *v
	}
	if v := o.str("status"); v != nil {
		in.Status = domain.Status(*v)
	}
	in.DueAt, _ = o.timestamp("due_at")
	o.merge(in.Validate())
	if err := o.err(); err != nil {
		return domain.NewTodo{}, err
	}
	return in, nil
}

// decodePatchTodo decodes a PATCH /v1/todos/{id} body.
func decodePatchTodo(body []byte) (domain.TodoPatch, error) {
	o, err := decodeObject(body, "title", "notes", "status", "due_at")
	if err != nil {
		return domain.TodoPatch{}, err
	}
	var p domain.TodoPatch
	p.Title = o.str("title")
	p.Notes = o.str("notes")
	if v := o.str("status"); v != nil {
		s := domain.Status(*v)
		p.Status = &s
	}
	p.DueAt, p.ClearDueAt = o.timestamp("due_at")
	if len(o.fields) == 0 {
		o.merge(p.Validate())
	} else if !p.Empty() {
		// An empty patch is only worth reporting when no member failed to decode.
		o.merge(p.Validate())
	}
	if err := o.err(); err != nil {
		return domain.TodoPatch{}, err
	}
	return p, nil
}
