// Package purge hard-deletes todos that were soft-deleted long enough ago, in small batches
// that each commit on their own, so a run stopped at any point loses nothing and the next run
// carries on where it stopped.
package purge

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
)

// Options tune a run.
type Options struct {
	// Before: todos soft-deleted before this instant are purged. Required.
	Before time.Time
	// BatchSize is how many todos one transaction deletes. Must be positive.
	BatchSize int
	// Progress, when set, is called after each committed batch with the totals so far.
	Progress func(Result)
}

// Result counts what a run did.
type Result struct {
	// Batches is the number of committed batches.
	Batches int
	// Deleted is the number of todos deleted.
	Deleted int64
}

// Job purges soft-deleted todos.
type Job struct {
	pool *pgxpool.Pool
	log  *slog.Logger
}

// New returns a Job deleting from pool.
func New(pool *pgxpool.Pool, log *slog.Logger) *Job {
	return &Job{pool: pool, log: log}
}

// deleteBatch deletes the oldest soft-deleted todos first, through todos_deleted_at_idx.
// SKIP LOCKED lets a todo that someone is restoring right now wait for the next run.
const deleteBatch = `DELETE FROM todos WHERE id IN (
	SELECT id FROM todos
	WHERE deleted_at IS NOT NULL AND deleted_at < $1
	ORDER BY deleted_at, id
	LIMIT $2
	FOR UPDATE SKIP LOCKED)`

// Run deletes batch after batch until a batch deletes fewer rows than BatchSize; that last
// batch also calls complete (when not nil) in its transaction. A cancelled ctx stops between
// or inside batches, leaving every committed batch deleted.
func (j *Job) Run(ctx context.Context, opts Options, complete jobs.CompleteFunc) (Result, error) {
	if opts.Before.IsZero() {
		return Result{}, fmt.Errorf("purge: cut-off instant is required")
	}
	if opts.BatchSize <= 0 {
		return Result{}, fmt.Errorf("purge batch size %d: must be positive", opts.BatchSize)
	}
	var res Result
	for {
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("purge after %d committed batches: %w", res.Batches, err)
		}
		n, err := j.batch(ctx, opts, complete)
		if err != nil {
			return res, fmt.Errorf("purge after %d committed batches: %w", res.Batches, err)
		}
		res.Batches++
		res.Deleted += n
		if opts.Progress != nil {
			opts.Progress(res)
		}
		if n < int64(opts.BatchSize) {
			j.log.InfoContext(ctx, "purge finished", "batches", res.Batches, "deleted", res.Deleted,
				"before", opts.Before)
			return res, nil
		}
	}
}

func (j *Job) batch(ctx context.Context, opts Options, complete jobs.CompleteFunc) (int64, error) {
	tx, err := j.pool.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("begin purge batch: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	tag, err := tx.Exec(ctx, deleteBatch, opts.Before, opts.BatchSize)
	if err != nil {
		return 0, fmt.Errorf("delete purge batch: %w", err)
	}
	n := tag.RowsAffected()
	if n < int64(opts.BatchSize) && complete != nil {
		if err := complete(ctx, tx); err != nil {
			return 0, fmt.Errorf("complete purge job: %w", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("commit purge batch: %w", err)
	}
	return n, nil
}
