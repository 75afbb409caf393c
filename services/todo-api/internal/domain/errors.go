package domain

import (
	"errors"
	"fmt"
	"strings"
)

// Kind classifies an Error; the HTTP adapter maps each kind to one status code.
type Kind int

// The kinds of Error. KindInternal is the zero value so an unclassified error is never
// mistaken for a client mistake.
const (
	// KindInternal is a fault of the service or its dependencies (HTTP 500).
	KindInternal Kind = iota
	// KindInvalid is bad input: a field out of range, a malformed value (HTTP 400).
	KindInvalid
	// KindUnauthenticated is a missing, malformed, unknown or revoked token (HTTP 401).
	KindUnauthenticated
	// KindNotFound is a resource that does not exist or belongs to another owner (HTTP 404).
	KindNotFound
	// KindConflict is a write that lost a race the caller cannot fix by retrying blindly (HTTP 409).
	KindConflict
	// KindPreconditionFailed is an If-Match that names another version (HTTP 412).
	KindPreconditionFailed
	// KindUnprocessable is a well-formed request the service refuses, such as an
	// Idempotency-Key reused with a different body (HTTP 422).
	KindUnprocessable
	// KindQuotaExceeded is a write refused because the user has reached a limit of the
	// service, such as the todo quota; the message names the limit (HTTP 403).
	KindQuotaExceeded
)

// String returns the kind's name, used in logs.
func (k Kind) String() string {
	switch k {
	case KindInvalid:
		return "invalid"
	case KindUnauthenticated:
		return "unauthenticated"
	case KindNotFound:
		return "not_found"
	case KindConflict:
		return "conflict"
	case KindPreconditionFailed:
		return "precondition_failed"
	case KindUnprocessable:
		return "unprocessable"
	case KindQuotaExceeded:
		return "quota_exceeded"
	default:
		return "internal"
	}
}

// FieldError names one offending field of a request and says what is wrong with it.
type FieldError struct {
	// Field is the field's name as the client wrote it: a JSON member ("title"), a query
	// parameter ("limit") or a header ("If-Match").
	Field string `json:"field"`
	// Reason says what is wrong, in words a client developer can act on.
	Reason string `json:"reason"`
}

// Error is the one error type of todo-api. Message is safe to show to clients; Err, when set,
// is the underlying cause and is only logged.
type Error struct {
	// Kind classifies the error.
	Kind Kind
	// Message is a client-safe sentence.
	Message string
	// Fields lists offending fields for KindInvalid; empty otherwise.
	Fields []FieldError
	// Err is the wrapped cause, if any.
	Err error
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Message)
	for i, f := range e.Fields {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(f.Field + " " + f.Reason)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of kind with a formatted client-safe message.
func Errorf(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns a KindInvalid error listing fields.
func Invalid(fields ...FieldError) *Error {
	return &Error{Kind: KindInvalid, Message: "the request is invalid", Fields: fields}
}

// KindOf returns the Kind of the first *Error in err's chain, or KindInternal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// ErrNotFound is the error for a todo that does not exist, is deleted, or belongs to someone
// else: the three cases look the same to a client so that ids leak nothing.
var ErrNotFound = &Error{Kind: KindNotFound, Message: "todo not found"}

// ErrVersionMismatch is the error for an If-Match that does not name the current version.
var ErrVersionMismatch = &Error{Kind: KindPreconditionFailed, Message: "the todo has changed since the given version (If-Match)"}
