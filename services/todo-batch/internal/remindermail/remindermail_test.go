package remindermail_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/logtest"
	"github.com/tsumiki-dev/tsumiki/libs/mailer"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/batchtest"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/reminder"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/remindermail"
)

func TestMail(t *testing.T) {
	t.Parallel()
	due := time.Date(2026, 11, 29, 13, 0, 0, 0, time.UTC)
	id := uuid.New()
	tests := []struct {
		name string
		in   reminder.Reminder
		want mailer.Mail
	}{
		{
			name: "Plain",
			in: reminder.Reminder{Email: "a@example.com", DisplayName: "Aki", IdempotencyKey: "k1",
				Todos: []reminder.Todo{{ID: id, Title: "Pay rent", DueAt: due}}},
			want: mailer.Mail{To: []string{"a@example.com"}, IdempotencyKey: "k1",
				Template: mailer.TodoDueReminder{RecipientName: "Aki", Todos: []mailer.DueTodo{{ID: id.String(), Title: "Pay rent", DueAt: due}}}},
		},
		{
			name: "BlankNameAndTitle",
			in: reminder.Reminder{Email: "b@example.com", DisplayName: " ", IdempotencyKey: "k2",
				Todos: []reminder.Todo{{ID: id, Title: "   ", DueAt: due}}},
			want: mailer.Mail{To: []string{"b@example.com"}, IdempotencyKey: "k2",
				Template: mailer.TodoDueReminder{RecipientName: "b@example.com", Todos: []mailer.DueTodo{{ID: id.String(), Title: "(untitled)", DueAt: due}}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := remindermail.Mail(tt.in)
			require.Equal(t, tt.want, got)
			require.NoError(t, got.Template.Validate())
		})
	}
}

func TestSender_SendReminders(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	queue := batchtest.NewQueue(t)
	cfg, err := mailer.ConfigFromEnv(ctx, batchtest.MailGetenv(t, queue))
	require.NoError(t, err)
	client, err := mailer.New(cfg)
	require.NoError(t, err)
	// The sink fails the test if a log line carries an address (libs/kit/logtest).
	logs := logtest.New(t)
	sender := remindermail.New(client, logs.Logger())

	due := time.Date(2026, 11, 29, 13, 0, 0, 0, time.UTC)
	var rs []reminder.Reminder
	for i := range 12 { // more than one SendMessageBatch call
		rs = append(rs, reminder.Reminder{
			UserID: uuid.New(), Email: "user@example.com", DisplayName: "User",
			IdempotencyKey: "todo-due-reminder:test:" + uuid.NewString(),
			Todos:          []reminder.Todo{{ID: uuid.New(), Title: "Todo", DueAt: due.Add(time.Duration(i) * time.Minute)}},
		})
	}
	// An invalid address is dropped (and logged by user id and field, not by address), not
	// retried forever.
	rs[3].Email = "Aiko <aiko@example.com"
	require.NoError(t, sender.SendReminders(ctx, rs))
	require.Contains(t, logs.String(), `"msg":"reminder dropped: invalid mail","user_id":"`+rs[3].UserID.String())

	envs := batchtest.DrainQueue(t, queue)
	require.Len(t, envs, 11)
	keys := map[string]bool{}
	for _, e := range envs {
		assert.Equal(t, "todo_due_reminder", e.Template)
		keys[e.ID] = true
	}
	for i, r := range rs {
		assert.Equal(t, i != 3, keys[r.IdempotencyKey], "reminder %d", i)
	}
}
