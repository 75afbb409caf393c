// Package remindermail turns due-date reminders into todo_due_reminder mails and enqueues them
// through libs/mailer, the platform's mail client (SQS in front of the mailer service).
package remindermail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/tsumiki-dev/tsumiki/libs/mailer"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/batchmetrics"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/reminder"
)

// Enqueuer is the part of *mailer.Client that Sender uses.
type Enqueuer interface {
	SendBatch(ctx context.Context, mails []mailer.Mail) ([]mailer.Result, error)
}

// Sender implements reminder.Sender with libs/mailer.
type Sender struct {
	client  Enqueuer
	log     *slog.Logger
	metrics *batchmetrics.Metrics
	now     func() time.Time
}

// WithMetrics makes s record every enqueued reminder's freshness in m, measured with now
// (the job's clock), and returns s.
func (s *Sender) WithMetrics(m *batchmetrics.Metrics, now func() time.Time) *Sender {
	s.metrics, s.now = m, now
	return s
}

// New returns a Sender enqueuing through client.
func New(client Enqueuer, log *slog.Logger) *Sender {
	return &Sender{client: client, log: log}
}

// Mail builds the todo_due_reminder mail for r. The mail's idempotency key is r's, so the
// mailer service sends one mail however often the same batch is retried.
func Mail(r reminder.Reminder) mailer.Mail {
	name := strings.TrimSpace(r.DisplayName)
	if name == "" {
		name = r.Email
	}
	todos := make([]mailer.DueTodo, 0, len(r.Todos))
	for _, t := range r.Todos {
		title := t.Title
		if strings.TrimSpace(title) == "" {
			// The schema allows a blank title; the template does not.
			title = "(untitled)"
		}
		todos = append(todos, mailer.DueTodo{ID: t.ID.String(), Title: title, DueAt: t.DueAt})
	}
	return mailer.Mail{
		To:             []string{r.Email},
		Template:       mailer.TodoDueReminder{RecipientName: name, Todos: todos},
		IdempotencyKey: r.IdempotencyKey,
	}
}

// SendReminders enqueues one mail per reminder. A reminder the mail client rejects as invalid
// (for example a malformed address in the users table) cannot succeed on a retry, so it is
// logged with the user and the field at fault and dropped instead of blocking every other
// user's reminder. Queue errors are returned: the caller rolls back and retries the batch.
func (s *Sender) SendReminders(ctx context.Context, reminders []reminder.Reminder) error {
	mails := make([]mailer.Mail, len(reminders))
	for i, r := range reminders {
		mails[i] = Mail(r)
	}
	results, _ := s.client.SendBatch(ctx, mails) // errors are per result, examined below
	var errs []error
	for i, res := range results {
		switch {
		case res.Err == nil:
			s.observe(reminders[i])
		case errors.Is(res.Err, mailer.ErrInvalidMail):
			s.log.ErrorContext(ctx, "reminder dropped: invalid mail", "user_id", reminders[i].UserID,
				"idempotency_key", reminders[i].IdempotencyKey, "error", res.Err)
		default:
			errs = append(errs, fmt.Errorf("reminder for user %s: %w", reminders[i].UserID, res.Err))
		}
	}
	if len(results) != len(mails) {
		errs = append(errs, fmt.Errorf("mail client returned %d results for %d mails", len(results), len(mails)))
	}
	return errors.Join(errs...)
}

// observe records one enqueued reminder: late when it left more than the freshness threshold
// after its earliest todo became due for a reminder.
func (s *Sender) observe(r reminder.Reminder) {
	if s.metrics == nil || s.now == nil {
		return
	}
	var lag time.Duration
	if !r.EligibleSince.IsZero() {
		lag = s.now().Sub(r.EligibleSince)
	}
	s.metrics.ReminderEnqueued(lag)
}
