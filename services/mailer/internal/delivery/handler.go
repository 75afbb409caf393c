package delivery

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tsumiki-dev/tsumiki/libs/mailer"
)

// Options configure a Handler. Store, Sender, DeadLetters and Logger are required.
type Options struct {
	Store       Store
	Sender      Sender
	DeadLetters DeadLetters
	Logger      *slog.Logger
	// Suppressions, when set, is checked for every recipient before a send: suppressed
	// recipients are dropped, and a mail with none left is acknowledged without sending.
	Suppressions Suppressions
	// Limiter paces sends (the SES quota of this instance). Nil means no pacing.
	Limiter Limiter
	// Senders, when not empty, are the only From addresses (bare, any case) the handler sends
	// from; an envelope from anyone else is dead-lettered.
	Senders []string
	// DeadlineMargin is the time before the invocation deadline at which the handler stops
	// taking new records and reports the rest as failures. Defaults to 3 s.
	DeadlineMargin time.Duration
	// ClaimSlack is added to the invocation deadline to get a claim's expiry, so that a claim
	// outlives any send of its invocation. Defaults to 10 s.
	ClaimSlack time.Duration
	// DefaultTimeout is the claim lifetime when ctx has no deadline. Defaults to 5 minutes.
	DefaultTimeout time.Duration
	// Now returns the current time. Nil means time.Now.
	Now func() time.Time
}

// Handler handles SQS batches of mail envelopes. It is safe for concurrent use.
type Handler struct {
	opts    Options
	senders map[string]bool
}

// NewHandler returns a Handler, or an error naming each missing option.
func NewHandler(opts Options) (*Handler, error) {
	var errs []error
	if opts.Store == nil {
		errs = append(errs, errors.New("store is required"))
	}
	if opts.Sender == nil {
		errs = append(errs, errors.New("sender is required"))
	}
	if opts.DeadLetters == nil {
		errs = append(errs, errors.New("dead letters are required"))
	}
	if opts.Logger == nil {
		errs = append(errs, errors.New("logger is required"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("delivery handler: %w", err)
	}
	if opts.DeadlineMargin <= 0 {
		opts.DeadlineMargin = 3 * time.Second
	}
	if opts.ClaimSlack <= 0 {
		opts.ClaimSlack = 10 * time.Second
	}
	if opts.DefaultTimeout <= 0 {
		opts.DefaultTimeout = 5 * time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	h := &Handler{opts: opts}
	if len(opts.Senders) > 0 {
		h.senders = map[string]bool{}
		for _, s := range opts.Senders {
			h.senders[strings.ToLower(bareAddress(s))] = true
		}
	}
	return h, nil
}

// outcome is what became of one record.
type outcome int

const (
	done  outcome = iota // sent, already sent, or dead-lettered: SQS may delete it
	retry                // transient: leave it for the visibility timeout
	stop                 // too close to the deadline: retry it and everything after it
)

// Handle processes the records in order and returns the ids of those to retry, as the Lambda
// SQS event source expects with ReportBatchItemFailures. It returns an error (failing the
// whole batch, which the idempotency store makes safe) only when a record to retry has no
// message id, since an empty item identifier would be rejected.
func (h *Handler) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	// An empty list, not null: both mean success to Lambda, but the empty list says so plainly.
	resp := events.SQSEventResponse{BatchItemFailures: []events.SQSBatchItemFailure{}}
	// Work stops DeadlineMargin before the invocation deadline, so the response is returned
	// in time; sends and store calls also run under this shortened context.
	workCtx := ctx
	if deadline, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		workCtx, cancel = context.WithDeadline(ctx, deadline.Add(-h.opts.DeadlineMargin))
		defer cancel()
	}
	stopped := false
	for i, rec := range ev.Records {
		var out outcome
		if stopped || workCtx.Err() != nil {
			out = stop
		} else {
			out = h.handleRecord(ctx, workCtx, rec)
		}
		if out == stop && !stopped {
			stopped = true
			h.opts.Logger.WarnContext(ctx, "near the invocation deadline, returning the rest of the batch",
				slog.Int("unprocessed", len(ev.Records)-i))
		}
		if out == done {
			continue
		}
		if rec.MessageId == "" {
			return events.SQSEventResponse{}, fmt.Errorf("record %d must be retried but has no message id; failing the whole batch", i)
		}
		resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: rec.MessageId})
	}
	return resp, nil
}

// handleRecord processes one record. ctx is the invocation's, workCtx ends DeadlineMargin
// before it.
func (h *Handler) handleRecord(ctx, workCtx context.Context, rec events.SQSMessage) outcome {
	log := h.opts.Logger.With(slog.String("message_id", rec.MessageId))
	env, err := mailer.ParseEnvelope([]byte(rec.Body))
	if err != nil {
		return h.deadLetter(workCtx, log, rec, err)
	}
	log = log.With(slog.String("mail_id", env.ID), slog.String("template", env.Template))
	tpl, err := env.DecodeTemplate()
	if err != nil {
		return h.deadLetter(workCtx, log, rec, err)
	}
	if h.senders != nil && !h.senders[strings.ToLower(bareAddress(env.From))] {
		return h.deadLetter(workCtx, log, rec, fmt.Errorf("%w: sender %q is not an allowed identity", ErrPermanent, env.From))
	}
	content, err := mailer.Render(tpl)
	if err != nil {
		return h.deadLetter(workCtx, log, rec, fmt.Errorf("%w: render: %w", ErrPermanent, err))
	}

	if h.opts.Suppressions != nil {
		kept, dropped, err := h.unsuppressed(workCtx, env)
		if err != nil {
			log.ErrorContext(ctx, "check suppression list", slog.Any("error", err))
			return h.retryOrStop(workCtx)
		}
		if dropped > 0 {
			// Counts only: the addresses are personal data and never logged.
			log.InfoContext(ctx, "suppressed recipients dropped", slog.Int("suppressed", dropped), slog.Int("remaining", len(kept.To)+len(kept.Cc)+len(kept.Bcc)))
		}
		if len(kept.To)+len(kept.Cc)+len(kept.Bcc) == 0 {
			log.InfoContext(ctx, "every recipient is suppressed, mail not sent")
			return done
		}
		env.To, env.Cc, env.Bcc = kept.To, kept.Cc, kept.Bcc
	}

	claim, err := h.opts.Store.Claim(workCtx, env.ID, h.claimExpiry(ctx))
	if err != nil {
		log.ErrorContext(ctx, "claim mail id", slog.Any("error", err))
		return h.retryOrStop(workCtx)
	}
	switch claim.State {
	case Completed:
		log.InfoContext(ctx, "mail already sent, acknowledging duplicate", slog.String("ses_message_id", claim.SESMessageID))
		return done
	case InProgress:
		log.InfoContext(ctx, "mail is being sent by another invocation, retrying later")
		return retry
	}

	if h.opts.Limiter != nil {
		if err := h.opts.Limiter.Wait(workCtx); err != nil {
			// The next send slot is after the deadline: hand this record and the rest back.
			h.release(ctx, log, env.ID, claim.Token)
			return stop
		}
	}
	sesID, err := h.opts.Sender.Send(workCtx, Message{
		ID: env.ID, Template: env.Template, From: env.From,
		To: env.To, Cc: env.Cc, Bcc: env.Bcc, ReplyTo: env.ReplyTo, Content: content,
	})
	if err != nil {
		// Either way the claim goes: a retry must be able to send, and so must a redrive.
		h.release(ctx, log, env.ID, claim.Token)
		if errors.Is(err, ErrPermanent) {
			return h.deadLetter(workCtx, log, rec, err)
		}
		log.WarnContext(ctx, "send failed, will retry", slog.Any("error", err))
		return h.retryOrStop(workCtx)
	}
	if err := h.opts.Store.Complete(ctx, env.ID, claim.Token, sesID); err != nil {
		// The mail is sent: retrying the record would send it again once the claim expires.
		// Acknowledge it; the live claim still blocks duplicates until it expires.
		log.ErrorContext(ctx, "mail sent but not recorded as completed", slog.String("ses_message_id", sesID), slog.Any("error", err))
		return done
	}
	log.InfoContext(ctx, "mail sent", slog.String("ses_message_id", sesID))
	return done
}

// recipients are an envelope's To, Cc and Bcc lists.
type recipients struct{ To, Cc, Bcc []string }

// unsuppressed returns env's recipients without the suppressed ones, and how many it dropped.
func (h *Handler) unsuppressed(ctx context.Context, env mailer.Envelope) (recipients, int, error) {
	dropped := 0
	keep := func(list []string) ([]string, error) {
		var out []string
		for _, addr := range list {
			suppressed, err := h.opts.Suppressions.Suppressed(ctx, bareAddress(addr))
			if err != nil {
				return nil, err
			}
			if suppressed {
				dropped++
				continue
			}
			out = append(out, addr)
		}
		return out, nil
	}
	var r recipients
	var err error
	if r.To, err = keep(env.To); err != nil {
		return recipients{}, 0, err
	}
	if r.Cc, err = keep(env.Cc); err != nil {
		return recipients{}, 0, err
	}
	if r.Bcc, err = keep(env.Bcc); err != nil {
		return recipients{}, 0, err
	}
	return r, dropped, nil
}

// claimExpiry is when this invocation's claims may be taken over: after its deadline, when it
// can no longer be sending.
func (h *Handler) claimExpiry(ctx context.Context) time.Time {
	if deadline, ok := ctx.Deadline(); ok {
		return deadline.Add(h.opts.ClaimSlack)
	}
	return h.opts.Now().Add(h.opts.DefaultTimeout)
}

// retryOrStop is the outcome of a transient failure: retry, or stop when the failure was the
// work deadline running out.
func (h *Handler) retryOrStop(workCtx context.Context) outcome {
	if workCtx.Err() != nil {
		return stop
	}
	return retry
}

func (h *Handler) release(ctx context.Context, log *slog.Logger, id, token string) {
	if err := h.opts.Store.Release(ctx, id, token); err != nil {
		// The claim then expires on its own; until then retries see it in progress.
		log.ErrorContext(ctx, "release claim", slog.Any("error", err))
	}
}

// deadLetter moves a record that can never be sent to the dead-letter queue with the reason.
// If that fails, the record is retried so nothing is lost.
func (h *Handler) deadLetter(ctx context.Context, log *slog.Logger, rec events.SQSMessage, cause error) outcome {
	if err := h.opts.DeadLetters.DeadLetter(ctx, rec.Body, rec.MessageId, cause.Error()); err != nil {
		log.ErrorContext(ctx, "dead-letter message", slog.String("reason", cause.Error()), slog.Any("error", err))
		return h.retryOrStop(ctx)
	}
	log.WarnContext(ctx, "message dead-lettered", slog.String("reason", cause.Error()))
	return done
}

// bareAddress returns the address inside "Name <addr>", or s itself.
func bareAddress(s string) string {
	if i := strings.LastIndexByte(s, '<'); i >= 0 {
		if j := strings.IndexByte(s[i:], '>'); j > 0 {
			return s[i+1 : i+j]
		}
	}
	return strings.TrimSpace(s)
}
