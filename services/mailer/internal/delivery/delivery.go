// Package delivery is the mail consumer's core: the SQS batch handler that decodes each
// envelope, claims its id in the idempotency store, renders it, sends it and records the
// outcome. The Lambda and the local runner both call Handler.Handle; the adapters (DynamoDB
// store, SES sender, dead-letter queue) sit behind the interfaces declared here.
package delivery

import (
	"context"
	"errors"
	"time"

	"github.com/tsumiki-dev/tsumiki/libs/mailer"
)

// ClaimState is what the idempotency store found when a handler claimed an envelope id.
type ClaimState int

const (
	// Claimed means this handler now owns the id and must send, then Complete or Release.
	Claimed ClaimState = iota + 1
	// Completed means a mail with this id was already sent: acknowledge without sending.
	Completed
	// InProgress means another invocation holds a live claim: retry later.
	InProgress
)

// Claim is the result of Store.Claim.
type Claim struct {
	// State says whether the id was claimed, already completed or held by someone else.
	State ClaimState
	// Token identifies this claim; Complete and Release only act on the claim with this token.
	Token string
	// SESMessageID is the id of the earlier send, for a Completed claim.
	SESMessageID string
}

// Store is the idempotency store: at most one live claim per envelope id, and a completed
// marker once the mail is sent.
type Store interface {
	// Claim takes the id unless it is completed or claimed by a claim that expires after now.
	// The claim expires at expiresAt, after which another invocation may take it over.
	Claim(ctx context.Context, id string, expiresAt time.Time) (Claim, error)
	// Complete marks the claimed id as sent with the SES message id.
	Complete(ctx context.Context, id, token, sesMessageID string) error
	// Release drops the claim so that a retry can send.
	Release(ctx context.Context, id, token string) error
}

// Message is a rendered mail ready for SES.
type Message struct {
	// ID is the envelope id, sent as a message tag so SES events can be traced back.
	ID string
	// Template is the template name, sent as a message tag.
	Template string
	// From, To, Cc, Bcc and ReplyTo are the envelope's addresses.
	From        string
	To, Cc, Bcc []string
	ReplyTo     []string
	// Content is the rendered subject and bodies.
	Content mailer.Content
}

// Sender sends one mail and returns the provider's message id. An error that wraps
// ErrPermanent can never succeed (the provider rejected the mail); any other error is
// transient and the mail is retried.
type Sender interface {
	Send(ctx context.Context, m Message) (string, error)
}

// DeadLetters takes a message that can never be sent, with the reason, and keeps it for a
// person to inspect and redrive.
type DeadLetters interface {
	DeadLetter(ctx context.Context, body string, sourceMessageID, reason string) error
}

// Suppressions is the suppression list: addresses that bounced for good or complained. The
// handler sends nothing to them. Implementations: SES's account-level suppression list in AWS,
// a DynamoDB table on the local platform (package suppression).
type Suppressions interface {
	// Suppressed reports whether address (a bare address, as in "a@example.com") is suppressed.
	Suppressed(ctx context.Context, address string) (bool, error)
}

// Limiter paces sends; *rate.Limiter implements it. Wait returns an error when the wait would
// outlast ctx's deadline.
type Limiter interface {
	Wait(ctx context.Context) error
}

// ErrPermanent marks an error that retrying cannot fix: a rejected message, a malformed
// envelope, an unknown template or sender. Adapters wrap it (fmt.Errorf("...: %w: %w",
// delivery.ErrPermanent, err)).
var ErrPermanent = errors.New("permanent failure")
