// Package mailmetrics records the mailer's CloudWatch metrics as observability.yaml defines
// them (MailsHandled, MailsSent, MailsFailed, MailsDeadLettered, MailsUndelivered and
// QueueLag), through libs/kit/metrics, without touching the delivery handler's logic: Wrap
// wraps the handler's Sender, DeadLetters and Store so each outcome is counted where it
// happens, and Handle wraps the handler's entry point to measure each record's queue lag and
// write the records at the end of every invocation (a Lambda's environment may be frozen,
// or never thawed, once it returns).
package mailmetrics

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tsumiki-dev/tsumiki/libs/kit/metrics"
	"github.com/tsumiki-dev/tsumiki/libs/mailer"

	mailersvc "github.com/tsumiki-dev/tsumiki/services/mailer"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/config"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/delivery"
)

// UnknownTemplate is the Template dimension's value when the template is not one of
// libs/mailer's (a malformed message), or not known where the failure happened (the
// idempotency store), so that untrusted input cannot create metrics.
const UnknownTemplate = "unknown"

// AttrSentTimestamp is the SQS system attribute with the time SQS received the message, in
// milliseconds since the epoch (SQS ReceiveMessage, MessageSystemAttributeName SentTimestamp).
const AttrSentTimestamp = "SentTimestamp"

// HandleFunc is the shape of delivery.Handler.Handle, what Lambda and the local runner call.
type HandleFunc func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error)

// Metrics records the mailer's metrics.
type Metrics struct {
	em        *metrics.Emitter
	outcomes  *metrics.Recorder
	lag       *metrics.Recorder
	templates []string
	now       func() time.Time
}

// New returns Metrics writing through log with the Environment dimension environment; now
// is the clock of the queue lag (nil means time.Now).
func New(log *slog.Logger, environment string, now func() time.Time) (*Metrics, error) {
	if now == nil {
		now = time.Now
	}
	em, err := metrics.New(mailersvc.Observability(), metrics.Options{Logger: log, Environment: environment, Service: config.Service})
	if err != nil {
		return nil, fmt.Errorf("mail metrics: %w", err)
	}
	outcomes, err := em.Recorder([]string{"Template"}, "MailsHandled", "MailsSent", "MailsFailed", "MailsDeadLettered", "MailsUndelivered")
	if err != nil {
		return nil, fmt.Errorf("mail metrics: %w", err)
	}
	lag, err := em.Recorder(nil, "QueueLag")
	if err != nil {
		return nil, fmt.Errorf("mail metrics: %w", err)
	}
	return &Metrics{em: em, outcomes: outcomes, lag: lag, templates: mailer.TemplateNames(), now: now}, nil
}

// Unrecorded returns the metrics of observability.yaml that nothing here records (none,
// which the tests hold).
func (m *Metrics) Unrecorded() []string { return m.em.Unrecorded() }

// The outcomes of one attempt on a mail.
const (
	sent = iota
	failed
	deadLettered
)

// attempt records one finished attempt on a mail of template.
func (m *Metrics) attempt(template string, outcome int) {
	if !slices.Contains(m.templates, template) {
		template = UnknownTemplate
	}
	v := metrics.Values{template}
	var s, f, d float64
	switch outcome {
	case sent:
		s = 1
	case failed:
		f = 1
	case deadLettered:
		d = 1
	}
	m.outcomes.Add(v, "MailsHandled", 1)
	m.outcomes.Add(v, "MailsSent", s)
	m.outcomes.Add(v, "MailsFailed", f)
	m.outcomes.Add(v, "MailsDeadLettered", d)
	m.outcomes.Add(v, "MailsUndelivered", f+d)
}

// Wrap returns opts with its Sender, DeadLetters, Store and Suppressions counting outcomes:
// a send SES accepted is sent; a send that failed for a retry, a dead-lettering that failed
// (the record is retried), a failed claim and a failed suppression check are failed; a
// permanent send failure is counted when it is dead-lettered, not twice. A mail whose every
// recipient is suppressed is no attempt: nothing is counted.
func (m *Metrics) Wrap(opts delivery.Options) delivery.Options {
	if opts.Sender != nil {
		opts.Sender = sender{opts.Sender, m}
	}
	if opts.DeadLetters != nil {
		opts.DeadLetters = deadLetters{opts.DeadLetters, m}
	}
	if opts.Store != nil {
		opts.Store = store{opts.Store, m}
	}
	if opts.Suppressions != nil {
		opts.Suppressions = suppressions{opts.Suppressions, m}
	}
	return opts
}

// Handle returns h measuring every record's queue lag (from its SentTimestamp to now) and
// writing the invocation's records when h returns.
func (m *Metrics) Handle(h HandleFunc) HandleFunc {
	return func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		defer m.em.Flush(context.WithoutCancel(ctx))
		now := m.now()
		for _, rec := range ev.Records {
			if ms, err := strconv.ParseInt(rec.Attributes[AttrSentTimestamp], 10, 64); err == nil {
				m.lag.Add(metrics.Values{}, "QueueLag", float64(max(now.Sub(time.UnixMilli(ms)), 0).Milliseconds()))
			}
		}
		return h(ctx, ev)
	}
}

type sender struct {
	delivery.Sender
	m *Metrics
}

func (s sender) Send(ctx context.Context, msg delivery.Message) (string, error) {
	id, err := s.Sender.Send(ctx, msg)
	switch {
	case err == nil:
		s.m.attempt(msg.Template, sent)
	case !errors.Is(err, delivery.ErrPermanent):
		s.m.attempt(msg.Template, failed)
	}
	return id, err
}

type deadLetters struct {
	delivery.DeadLetters
	m *Metrics
}

func (d deadLetters) DeadLetter(ctx context.Context, body, sourceMessageID, reason string) error {
	err := d.DeadLetters.DeadLetter(ctx, body, sourceMessageID, reason)
	// Only the template name is read from the untrusted body, and only a known one is kept.
	var env struct {
		Template string `json:"template"`
	}
	_ = json.Unmarshal([]byte(body), &env) // a malformed body is what dead letters often are
	if err != nil {
		d.m.attempt(env.Template, failed)
	} else {
		d.m.attempt(env.Template, deadLettered)
	}
	return err
}

type store struct {
	delivery.Store
	m *Metrics
}

func (s store) Claim(ctx context.Context, id string, expiresAt time.Time) (delivery.Claim, error) {
	c, err := s.Store.Claim(ctx, id, expiresAt)
	if err != nil {
		s.m.attempt(UnknownTemplate, failed)
	}
	return c, err
}

type suppressions struct {
	delivery.Suppressions
	m *Metrics
}

func (s suppressions) Suppressed(ctx context.Context, address string) (bool, error) {
	ok, err := s.Suppressions.Suppressed(ctx, address)
	if err != nil {
		s.m.attempt(UnknownTemplate, failed)
	}
	return ok, err
}
