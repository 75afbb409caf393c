package mailer

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
)

// Limits enforced before a mail is enqueued.
const (
	// MaxRecipients is the most To, Cc and Bcc addresses one mail may have together (the SES
	// limit per message).
	MaxRecipients = 50
	// MaxEnvelopeBytes is the largest envelope that is enqueued: the classic SQS message size
	// limit (256 KiB), which also bounds one SendMessageBatch call.
	MaxEnvelopeBytes = 256 * 1024
	// MaxIdempotencyKeyLength is the longest idempotency key, in bytes.
	MaxIdempotencyKeyLength = 200
)

var (
	// ErrInvalidMail is matched (errors.Is) by every validation error; errors.As gives the
	// *ValidationError with the field at fault.
	ErrInvalidMail = errors.New("invalid mail")
	// ErrUnknownTemplate is returned for a template name this package does not ship.
	ErrUnknownTemplate = errors.New("unknown template")
	// ErrMalformedEnvelope is returned by ParseEnvelope for a queue message that is not a valid
	// envelope of a schema version this package reads.
	ErrMalformedEnvelope = errors.New("malformed envelope")
)

// ValidationError is one problem with a mail, naming the field at fault ("to[2]",
// "todo_due_reminder.todos[0].title"). Several are joined with errors.Join. It never quotes
// an address or other personal data: callers log these errors, and the mailer puts them in
// dead-letter reasons.
type ValidationError struct {
	// Field is the path of the field at fault.
	Field string
	// Problem says what is wrong with it, e.g. "is required".
	Problem string
}

// Error returns "invalid mail: <field> <problem>".
func (e *ValidationError) Error() string { return "invalid mail: " + e.Field + " " + e.Problem }

// Is makes errors.Is(err, ErrInvalidMail) true for every ValidationError.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalidMail }

// Mail is one mail to enqueue.
type Mail struct {
	// From selects the sender among the client's configured identities, by address
	// ("no-reply@tsumiki.dev"). Empty selects the first configured identity. A caller cannot
	// send from any other address.
	From string
	// To, Cc and Bcc are the recipients, as "addr@example.com" or "Name <addr@example.com>".
	// At least one and at most MaxRecipients together.
	To, Cc, Bcc []string
	// ReplyTo are the optional Reply-To addresses.
	ReplyTo []string
	// Template is the template and its data, e.g. TodoDueReminder{...}. Required.
	Template Template
	// IdempotencyKey identifies this mail: the mailer sends at most one mail per key (within
	// the idempotency store's retention, see design-docs/mailer.md). Empty means a new random
	// key, which protects against duplicate queue deliveries but not against the caller
	// calling Send twice: only a caller-chosen key derived from what the mail is about (e.g.
	// "todo-batch:due-reminder:<user id>:<date>") makes a retried call safe. Printable ASCII
	// without spaces, at most MaxIdempotencyKeyLength bytes. Prefix it with the calling service.
	IdempotencyKey string
}

// validateAddresses checks a recipient list and returns the addresses as given.
func validateAddresses(field string, list []string) []error {
	var errs []error
	for i, a := range list {
		if _, err := mail.ParseAddress(a); err != nil {
			// The field names the address; the error never quotes it, since errors reach logs.
			errs = append(errs, &ValidationError{Field: fmt.Sprintf("%s[%d]", field, i), Problem: "is not a valid address"})
		}
	}
	return errs
}

// validateRecipients checks the recipient lists and their count.
func validateRecipients(to, cc, bcc, replyTo []string) []error {
	var errs []error
	n := len(to) + len(cc) + len(bcc)
	switch {
	case n == 0:
		errs = append(errs, &ValidationError{Field: "to", Problem: "no recipients: To, Cc and Bcc are all empty"})
	case n > MaxRecipients:
		errs = append(errs, &ValidationError{Field: "to", Problem: fmt.Sprintf("%d recipients in To, Cc and Bcc, at most %d", n, MaxRecipients)})
	}
	errs = append(errs, validateAddresses("to", to)...)
	errs = append(errs, validateAddresses("cc", cc)...)
	errs = append(errs, validateAddresses("bcc", bcc)...)
	errs = append(errs, validateAddresses("reply_to", replyTo)...)
	return errs
}

// validateKey checks a caller-chosen idempotency key.
func validateKey(key string) error {
	if len(key) > MaxIdempotencyKeyLength {
		return &ValidationError{Field: "idempotency_key", Problem: fmt.Sprintf("is %d bytes, at most %d", len(key), MaxIdempotencyKeyLength)}
	}
	for i, r := range key {
		if r <= ' ' || r > '~' {
			return &ValidationError{Field: "idempotency_key", Problem: fmt.Sprintf("has a character other than printable ASCII without spaces at byte %d", i)}
		}
	}
	return nil
}

// addressOf returns the bare lower-case address of "Name <addr>" or "addr".
func addressOf(identity string) (string, error) {
	a, err := mail.ParseAddress(identity)
	if err != nil {
		return "", err
	}
	return strings.ToLower(a.Address), nil
}
