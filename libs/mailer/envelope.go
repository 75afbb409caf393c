package mailer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// SchemaVersion is the envelope schema version this package writes and reads. A consumer
// dead-letters an envelope of any other version rather than guessing.
const SchemaVersion = 1

// Envelope is the JSON message put on the mail queue; design-docs/mailer.md documents it.
type Envelope struct {
	// SchemaVersion is the envelope's schema version, SchemaVersion when written here.
	SchemaVersion int `json:"schema_version"`
	// ID is the mail's idempotency key: the consumer sends at most one mail per ID.
	ID string `json:"id"`
	// Template is the template's name, e.g. "todo_due_reminder".
	Template string `json:"template"`
	// Data is the template's data: the Template value as JSON.
	Data json.RawMessage `json:"data"`
	// From is the sender identity chosen from the client's configured ones.
	From string `json:"from"`
	// To, Cc, Bcc and ReplyTo are the addresses as the caller gave them.
	To      []string `json:"to,omitempty"`
	Cc      []string `json:"cc,omitempty"`
	Bcc     []string `json:"bcc,omitempty"`
	ReplyTo []string `json:"reply_to,omitempty"`
	// CreatedAt is when the client built the envelope, UTC.
	CreatedAt time.Time `json:"created_at"`
}

// ParseEnvelope decodes and checks a queued message body. Every error wraps
// ErrMalformedEnvelope; such a message can never be sent and belongs in the dead-letter queue.
func ParseEnvelope(body []byte) (Envelope, error) {
	var env Envelope
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&env); err != nil {
		return Envelope{}, fmt.Errorf("%w: decode json: %w", ErrMalformedEnvelope, err)
	}
	if env.SchemaVersion != SchemaVersion {
		return Envelope{}, fmt.Errorf("%w: schema_version %d, this consumer reads %d", ErrMalformedEnvelope, env.SchemaVersion, SchemaVersion)
	}
	errs := validateRecipients(env.To, env.Cc, env.Bcc, env.ReplyTo)
	if env.ID == "" {
		errs = append(errs, &ValidationError{Field: "id", Problem: "is required"})
	} else if err := validateKey(env.ID); err != nil {
		errs = append(errs, err)
	}
	if _, err := addressOf(env.From); err != nil {
		errs = append(errs, &ValidationError{Field: "from", Problem: "is not a valid address"})
	}
	if env.Template == "" {
		errs = append(errs, &ValidationError{Field: "template", Problem: "is required"})
	}
	if err := errors.Join(errs...); err != nil {
		return Envelope{}, fmt.Errorf("%w: %w", ErrMalformedEnvelope, err)
	}
	return env, nil
}

// DecodeTemplate returns the envelope's template with its data, validated. The error wraps
// ErrUnknownTemplate for a template this package does not ship, and ErrMalformedEnvelope for
// data that does not decode or validate.
func (e Envelope) DecodeTemplate() (Template, error) {
	reg, ok := registry[e.Template]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownTemplate, e.Template)
	}
	t, err := reg.decode(e.Data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedEnvelope, err)
	}
	if err := t.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedEnvelope, err)
	}
	return t, nil
}
