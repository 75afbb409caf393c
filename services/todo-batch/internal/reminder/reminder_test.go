package reminder_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/batchtest"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/reminder"
)

// recorder is a reminder.Sender that keeps what it was given, failing while fail is set.
type recorder struct {
	mu        sync.Mutex
	reminders []reminder.Reminder
	fail      error
}

func (r *recorder) SendReminders(_ context.Context, rs []reminder.Reminder) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	r.reminders = append(r.reminders, rs...)
	return nil
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

func remindedCount(t *testing.T, pool *pgxpool.Pool) int {
	t.Helper()
	var n int
	require.NoError(t, pool.QueryRow(context.Background(),
		`SELECT count(*) FROM todos WHERE reminded_due_at IS NOT NULL`).Scan(&n))
	return n
}

func TestJob_Run(t *testing.T) {
	t.Parallel()
	_, pool := batchtest.NewDatabase(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	// Users 1-3 have three todos each due in 10 minutes; the window is one hour.
	batchtest.Fixture{Users: 3, TodosPerUser: 3, DueIn: 10 * time.Minute, Now: now}.Insert(t, pool)
	// Todos that must not be reminded: due too late, due too long ago, done, deleted, no due
	// date, already reminded for their current due time.
	_, err := pool.Exec(ctx, `
		UPDATE todos SET due_at = $1::timestamptz + interval '2 hours' WHERE id = $2;
		`, now, batchtest.TodoID(1, 1))
	require.NoError(t, err)
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE todos SET due_at = $1::timestamptz - interval '25 hours' WHERE id = $2`, []any{now, batchtest.TodoID(1, 2)}},
		{`UPDATE todos SET status = 'done' WHERE id = $1`, []any{batchtest.TodoID(2, 1)}},
		{`UPDATE todos SET deleted_at = $1 WHERE id = $2`, []any{now, batchtest.TodoID(2, 2)}},
		{`UPDATE todos SET due_at = NULL WHERE id = $1`, []any{batchtest.TodoID(2, 3)}},
		{`UPDATE todos SET reminded_due_at = due_at WHERE id = $1`, []any{batchtest.TodoID(3, 1)}},
	} {
		_, err := pool.Exec(ctx, q.sql, q.args...)
		require.NoError(t, err)
	}

	sender := &recorder{}
	job := reminder.New(pool, sender, discard())
	opts := reminder.Options{Window: time.Hour, BatchSize: 2, Now: func() time.Time { return now }}
	completed := 0
	res, err := job.Run(ctx, opts, func(context.Context, pgx.Tx) error { completed++; return nil })
	require.NoError(t, err)

	// User 1 keeps todo 3, user 2 has nothing left, user 3 keeps todos 2 and 3.
	require.Len(t, sender.reminders, 2)
	assert.Equal(t, reminder.Result{Batches: res.Batches, Mails: 2, Todos: 3}, res)
	assert.Equal(t, 1, completed, "the job is completed exactly once, in the last batch")

	r1, r3 := sender.reminders[0], sender.reminders[1]
	if r1.UserID != batchtest.UserID(1) {
		r1, r3 = r3, r1
	}
	assert.Equal(t, batchtest.UserID(1), r1.UserID)
	assert.Equal(t, "user1@example.com", r1.Email)
	assert.Equal(t, "User 1", r1.DisplayName)
	assert.Equal(t, 1, r1.Total)
	require.Len(t, r1.Todos, 1)
	assert.Equal(t, batchtest.TodoID(1, 3), r1.Todos[0].ID)
	assert.Equal(t, "Todo 3 of user 1", r1.Todos[0].Title)
	assert.True(t, now.Add(10*time.Minute+3*time.Second).Equal(r1.Todos[0].DueAt), "due at %s", r1.Todos[0].DueAt)
	assert.Equal(t, batchtest.UserID(3), r3.UserID)
	require.Len(t, r3.Todos, 2)
	assert.Equal(t, []uuid.UUID{batchtest.TodoID(3, 2), batchtest.TodoID(3, 3)}, []uuid.UUID{r3.Todos[0].ID, r3.Todos[1].ID})
	assert.NotEqual(t, r1.IdempotencyKey, r3.IdempotencyKey)
	assert.Regexp(t, `^todo-due-reminder:[0-9a-f-]{36}:[0-9a-f]{32}$`, r1.IdempotencyKey)
	assert.Equal(t, 4, remindedCount(t, pool), "3 reminded now plus the one reminded before")

	// A second run finds nothing: every due todo is marked.
	res, err = job.Run(ctx, opts, nil)
	require.NoError(t, err)
	assert.Equal(t, 0, res.Mails)
	assert.Len(t, sender.reminders, 2)

	// Moving a due time makes the todo due again, with a new key.
	_, err = pool.Exec(ctx, `UPDATE todos SET due_at = due_at + interval '1 minute' WHERE id = $1`, batchtest.TodoID(1, 3))
	require.NoError(t, err)
	res, err = job.Run(ctx, opts, nil)
	require.NoError(t, err)
	require.Equal(t, 1, res.Mails)
	assert.NotEqual(t, r1.IdempotencyKey, sender.reminders[2].IdempotencyKey)
}

func TestJob_Run_SendFailureMarksNothing(t *testing.T) {
	t.Parallel()
	_, pool := batchtest.NewDatabase(t)
	ctx := context.Background()
	now := time.Now()
	batchtest.Fixture{Users: 4, TodosPerUser: 2, DueIn: time.Minute, Now: now}.Insert(t, pool)

	sender := &recorder{fail: errors.New("queue unavailable")}
	job := reminder.New(pool, sender, discard())
	opts := reminder.Options{Window: time.Hour, BatchSize: 100, Now: func() time.Time { return now }}
	_, err := job.Run(ctx, opts, nil)
	require.ErrorContains(t, err, "queue unavailable")
	assert.Equal(t, 0, remindedCount(t, pool), "a failed send rolls its batch back")

	// The retry sends the same mails, with the same idempotency keys as it would have.
	sender.fail = nil
	res, err := job.Run(ctx, opts, nil)
	require.NoError(t, err)
	assert.Equal(t, 4, res.Mails)
	assert.Equal(t, 8, remindedCount(t, pool))
}

func TestJob_Run_SameTodosSameKey(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	keys := make([]string, 2)
	for i := range keys {
		_, pool := batchtest.NewDatabase(t)
		batchtest.Fixture{Users: 1, TodosPerUser: 5, DueIn: time.Minute, Now: now}.Insert(t, pool)
		sender := &recorder{}
		_, err := reminder.New(pool, sender, discard()).Run(context.Background(),
			reminder.Options{Window: time.Hour, BatchSize: 1 + i*10, Now: func() time.Time { return now }}, nil)
		require.NoError(t, err)
		require.Len(t, sender.reminders, 1)
		keys[i] = sender.reminders[0].IdempotencyKey
	}
	assert.Equal(t, keys[0], keys[1], "the key depends on the user and the todos, not on batching")
}

func TestJob_Run_StopsOnCancelAndResumes(t *testing.T) {
	t.Parallel()
	_, pool := batchtest.NewDatabase(t)
	now := time.Now()
	batchtest.Fixture{Users: 10, TodosPerUser: 2, DueIn: time.Minute, Now: now}.Insert(t, pool)

	ctx, cancel := context.WithCancel(context.Background())
	sender := &recorder{}
	job := reminder.New(pool, sender, discard())
	opts := reminder.Options{Window: time.Hour, BatchSize: 4, Now: func() time.Time { return now },
		Progress: func(reminder.Result) { cancel() }}
	_, err := job.Run(ctx, opts, nil)
	require.ErrorIs(t, err, context.Canceled)
	done := remindedCount(t, pool)
	require.Equal(t, 4, done, "the first batch (two users) committed, nothing more")

	opts.Progress = nil
	res, err := job.Run(context.Background(), opts, nil)
	require.NoError(t, err)
	assert.Equal(t, 8, res.Mails)
	assert.Len(t, sender.reminders, 10, "every user reminded exactly once over both runs")
	assert.Equal(t, 20, remindedCount(t, pool))
}

func TestJob_Run_BadOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opts    reminder.Options
		wantErr string
	}{
		{name: "ZeroWindow", opts: reminder.Options{BatchSize: 1}, wantErr: "reminder window 0s: must be positive"},
		{name: "ZeroBatch", opts: reminder.Options{Window: time.Hour}, wantErr: "reminder batch size 0: must be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := reminder.New(nil, &recorder{}, discard()).Run(context.Background(), tt.opts, nil)
			require.EqualError(t, err, tt.wantErr)
		})
	}
}
