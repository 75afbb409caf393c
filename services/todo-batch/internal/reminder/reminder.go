// Package reminder finds todos that fall due soon and mails each owner one reminder about
// them, marking the todos reminded in the same transaction that records the batch as done.
//
// Work is set-based and batched: one statement picks the next batch of owners, one statement
// marks their due todos reminded and returns one row per owner (the todos to show, their
// count and a digest of their ids and due times). Memory therefore depends on the batch
// size, never on how many todos are due.
package reminder

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
)

// Lookback bounds how far in the past a due time may lie and still get a reminder: a todo
// that fell due while the job was not running is still reminded, but a todo due long ago
// (imported, or created already overdue) never triggers a mail.
const Lookback = 24 * time.Hour

// MaxShownTodos is how many todos one reminder lists, earliest due first: the most the
// todo_due_reminder template accepts (libs/mailer MaxDueTodos). The reminder still covers,
// marks and counts every due todo of the user.
const MaxShownTodos = 100

// Todo is one due todo as shown in a reminder.
type Todo struct {
	// ID is the todo's id.
	ID uuid.UUID `json:"id"`
	// Title is the todo's title.
	Title string `json:"title"`
	// DueAt is the todo's due time.
	DueAt time.Time `json:"due_at"`
}

// Reminder is one mail to one user about their due todos.
type Reminder struct {
	// UserID is the owner of the todos.
	UserID uuid.UUID
	// Email is the owner's address.
	Email string
	// DisplayName is the owner's name as they chose it.
	DisplayName string
	// Todos are the first MaxShownTodos due todos, earliest due first.
	Todos []Todo
	// Total is how many todos this reminder covers, at least len(Todos).
	Total int
	// EligibleSince is when the earliest of the covered todos became due for a reminder:
	// its due time minus the reminder window, or its last change if that is later (a todo
	// created or moved inside the window waits from then). The freshness SLO measures from
	// it.
	EligibleSince time.Time
	// IdempotencyKey is derived from the user and the ids and due times of every todo the
	// reminder covers: a retry of the same batch produces the same key, so the mailer
	// sends the mail once; moving a due time produces a new key and a new reminder.
	IdempotencyKey string
}

// Sender enqueues reminder mails. SendReminders returns only after every mail is accepted
// by the queue; an error means some may not have been, and the caller retries all of them
// with the same idempotency keys.
type Sender interface {
	SendReminders(ctx context.Context, reminders []Reminder) error
}

// Options tune a run.
type Options struct {
	// Window: todos due up to now+Window are reminded. Must be positive.
	Window time.Duration
	// BatchSize is how many due todos one batch scans to pick its owners; a batch covers
	// all due todos of those owners. Must be positive.
	BatchSize int
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// Progress, when set, is called after each committed batch with the totals so far.
	Progress func(Result)
}

// Result counts what a run did.
type Result struct {
	// Batches is the number of committed batches.
	Batches int
	// Mails is the number of reminders handed to the Sender.
	Mails int
	// Todos is the number of todos marked reminded.
	Todos int
}

// Job sends due-date reminders.
type Job struct {
	pool   *pgxpool.Pool
	sender Sender
	log    *slog.Logger
}

// New returns a Job reading todos from pool and mailing through sender.
func New(pool *pgxpool.Pool, sender Sender, log *slog.Logger) *Job {
	return &Job{pool: pool, sender: sender, log: log}
}

// The due condition. Its columns match the partial index todos_due_at_idx, and
// "reminded_due_at IS DISTINCT FROM due_at" makes a moved due time eligible again.
const dueCondition = `t.deleted_at IS NULL AND t.status = 'open' AND t.due_at IS NOT NULL
	AND t.due_at <= $1 AND t.due_at > $2 AND t.reminded_due_at IS DISTINCT FROM t.due_at`

// pickOwners scans the next due todos in (owner_id, id) order, the order of the index
// todos_owner_id_idx, after the cursor, and returns the distinct owners seen, each with the
// number of todos scanned: fewer than the limit means nothing is left after this batch.
const pickOwners = `WITH s AS (
	SELECT t.owner_id FROM todos t
	WHERE ` + dueCondition + ` AND t.owner_id > $3
	ORDER BY t.owner_id, t.id
	LIMIT $4)
SELECT owner_id, (SELECT count(*) FROM s)::int AS scanned FROM s
GROUP BY owner_id ORDER BY owner_id`

// markAndCollect marks every due todo of the batch's owners reminded and returns one row per
// owner. Rows locked by a concurrent run are waited for and then re-checked, so two runs
// never remind the same todo for the same due time.
const markAndCollect = `WITH due AS (
	UPDATE todos t SET reminded_due_at = t.due_at
	WHERE t.owner_id = ANY($3::uuid[]) AND ` + dueCondition + `
	RETURNING t.owner_id, t.id, t.title, t.due_at, t.updated_at
), ranked AS (
	SELECT owner_id, id, title, due_at, updated_at,
		row_number() OVER (PARTITION BY owner_id ORDER BY due_at, id) AS rn
	FROM due
)
SELECT r.owner_id, u.email, u.display_name, count(*)::int AS total,
	encode(sha256(convert_to(string_agg(
		r.id::text || '@' || (extract(epoch FROM r.due_at) * 1000000)::bigint::text,
		',' ORDER BY r.due_at, r.id), 'UTF8')), 'hex') AS digest,
	jsonb_agg(jsonb_build_object('id', r.id, 'title', r.title, 'due_at', r.due_at)
		ORDER BY r.due_at, r.id) FILTER (WHERE r.rn <= $4) AS shown,
	min(greatest(r.due_at - $5::bigint * interval '1 microsecond', r.updated_at)) AS eligible_since
FROM ranked r JOIN users u ON u.id = r.owner_id
GROUP BY r.owner_id, u.email, u.display_name
ORDER BY r.owner_id`

// Run reminds every owner with due todos, batch by batch. Each batch marks its todos, hands
// its mails to the Sender and commits; the last batch also calls complete (when not nil) in
// its transaction. A cancelled ctx stops the run between or inside batches; committed
// batches stay done and the rest is found again by the next run.
func (j *Job) Run(ctx context.Context, opts Options, complete jobs.CompleteFunc) (Result, error) {
	if opts.Window <= 0 {
		return Result{}, fmt.Errorf("reminder window %s: must be positive", opts.Window)
	}
	if opts.BatchSize <= 0 {
		return Result{}, fmt.Errorf("reminder batch size %d: must be positive", opts.BatchSize)
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	var (
		res    Result
		cursor uuid.UUID // the nil UUID sorts first
	)
	for {
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("due reminders after %d committed batches: %w", res.Batches, err)
		}
		t := now()
		last, n, err := j.batch(ctx, t.Add(opts.Window), t.Add(-Lookback), opts.Window, &cursor, opts.BatchSize, complete)
		if err != nil {
			return res, fmt.Errorf("due reminders after %d committed batches: %w", res.Batches, err)
		}
		res.Batches++
		res.Mails += n.Mails
		res.Todos += n.Todos
		if n.Mails > 0 {
			j.log.DebugContext(ctx, "reminder batch committed", "batch", res.Batches, "mails", n.Mails, "todos", n.Todos)
		}
		if opts.Progress != nil {
			opts.Progress(res)
		}
		if last {
			return res, nil
		}
	}
}

// batch runs one transaction. It reports whether it was the last batch.
func (j *Job) batch(ctx context.Context, dueBefore, dueAfter time.Time, window time.Duration, cursor *uuid.UUID, size int, complete jobs.CompleteFunc) (bool, Result, error) {
	tx, err := j.pool.Begin(ctx)
	if err != nil {
		return false, Result{}, fmt.Errorf("begin reminder batch: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()

	rows, err := tx.Query(ctx, pickOwners, dueBefore, dueAfter, *cursor, size)
	if err != nil {
		return false, Result{}, fmt.Errorf("pick owners: %w", err)
	}
	var (
		owners  []uuid.UUID
		scanned int
	)
	for rows.Next() {
		var owner uuid.UUID
		if err := rows.Scan(&owner, &scanned); err != nil {
			rows.Close()
			return false, Result{}, fmt.Errorf("pick owners: %w", err)
		}
		owners = append(owners, owner)
	}
	if err := rows.Err(); err != nil {
		return false, Result{}, fmt.Errorf("pick owners: %w", err)
	}
	var res Result
	if len(owners) > 0 {
		rows, err = tx.Query(ctx, markAndCollect, dueBefore, dueAfter, owners, MaxShownTodos, window.Microseconds())
		if err != nil {
			return false, Result{}, fmt.Errorf("mark todos reminded: %w", err)
		}
		reminders, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Reminder, error) {
			var (
				r      Reminder
				digest string
			)
			if err := row.Scan(&r.UserID, &r.Email, &r.DisplayName, &r.Total, &digest, &r.Todos, &r.EligibleSince); err != nil {
				return Reminder{}, err
			}
			r.IdempotencyKey = IdempotencyKey(r.UserID, digest)
			return r, nil
		})
		if err != nil {
			return false, Result{}, fmt.Errorf("mark todos reminded: %w", err)
		}
		// Owners whose todos a concurrent run reminded first have no row here.
		if len(reminders) > 0 {
			if err := j.sender.SendReminders(ctx, reminders); err != nil {
				return false, Result{}, fmt.Errorf("send %d reminders: %w", len(reminders), err)
			}
		}
		for _, r := range reminders {
			res.Todos += r.Total
		}
		res.Mails = len(reminders)
		*cursor = owners[len(owners)-1]
	}
	// A batch that scanned fewer due todos than its size saw everything that was left, so
	// it completes the job in the same transaction as its marks.
	last := scanned < size
	if last && complete != nil {
		if err := complete(ctx, tx); err != nil {
			return false, Result{}, fmt.Errorf("complete due reminders job: %w", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return false, Result{}, fmt.Errorf("commit reminder batch: %w", err)
	}
	return last, res, nil
}

// IdempotencyKey returns the mail idempotency key of a reminder to user covering the todos
// whose ids and due times hash to digest (hex SHA-256, computed in SQL).
func IdempotencyKey(user uuid.UUID, digest string) string {
	return "todo-due-reminder:" + user.String() + ":" + digest[:min(len(digest), 32)]
}
