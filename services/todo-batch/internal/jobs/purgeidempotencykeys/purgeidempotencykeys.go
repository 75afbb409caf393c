// Package purgeidempotencykeys is the purge_idempotency_keys job: every hour, delete todo-api's
// idempotency_keys rows older than its replay window, in batches that each commit on their own.
//
// todo-api remembers an Idempotency-Key for Window (its IdempotencyWindow) and claims an older
// key afresh, as if new; deleting an expired row therefore changes nothing a client can see, and
// deleting it again (a retry, a rerun, two runs) deletes nothing: the job is idempotent. Each
// batch locks its rows with SKIP LOCKED, so a key todo-api is claiming right now is left for
// the next run, and a run stopped at any point keeps its committed batches.
package purgeidempotencykeys

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/tsumiki-dev/tsumiki/libs/kit/envconfig"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
)

// Kind is the job kind. It is stored in river_job.kind, so renaming it strands queued jobs.
const Kind = "purge_idempotency_keys"

// Window is how long todo-api remembers an Idempotency-Key: IdempotencyWindow in
// services/todo-api/internal/postgres, which todo-batch cannot import (another module's
// internal package); TestWindow_IsTodoAPIs fails when the two differ.
const Window = 24 * time.Hour

// DefaultAfter is the default age of a purged key: the window plus an hour, so that a clock
// difference between this process and the database (todo-api compares with the database's
// now()) never deletes a key todo-api still replays.
const DefaultAfter = Window + time.Hour

// The job's own environment variables.
const (
	// EnvAfter is the age of a key before it is purged; at least Window.
	EnvAfter = "IDEMPOTENCY_PURGE_AFTER"
	// EnvBatchSize is how many keys one transaction deletes.
	EnvBatchSize = "IDEMPOTENCY_PURGE_BATCH_SIZE"
)

// Args are the arguments of a purge_idempotency_keys job.
type Args struct {
	// Before, when set, purges keys created before this instant instead of now minus
	// IDEMPOTENCY_PURGE_AFTER; it must still be at least Window ago.
	Before time.Time `json:"before,omitzero"`
}

// Kind returns the River job kind.
func (Args) Kind() string { return Kind }

// Settings are the job's settings from the environment.
type Settings struct {
	// After is IDEMPOTENCY_PURGE_AFTER. Defaults to DefaultAfter; at least Window.
	After time.Duration
	// BatchSize is IDEMPOTENCY_PURGE_BATCH_SIZE, 1 to 100,000. Defaults to 1000.
	BatchSize int
}

// ReadSettings reads the job's variables through r.
func ReadSettings(r *envconfig.Reader) Settings {
	s := Settings{
		After:     r.PositiveDuration(EnvAfter, DefaultAfter),
		BatchSize: r.Int(EnvBatchSize, 1000, 1, 100_000),
	}
	if s.After < Window {
		r.Fail(EnvAfter, "%s is shorter than todo-api's idempotency window (%s): keys it still replays would be deleted", s.After, Window)
	}
	return s
}

// Spec is the job's definition.
var Spec = jobs.Define(jobs.Definition[Args, Settings]{
	Description:  "delete todo-api's idempotency keys older than " + EnvAfter + ", in batches",
	Schedule:     river.PeriodicInterval(time.Hour),
	ScheduleText: "every hour",
	UniquePeriod: time.Hour,
	Periodic:     func(time.Time) Args { return Args{} },
	Flags: func(fs *flag.FlagSet, _ time.Time) func() (Args, error) {
		before := fs.String("before", "", "purge keys created before this `RFC3339` instant")
		return func() (Args, error) {
			if *before == "" {
				return Args{}, nil
			}
			t, err := time.Parse(time.RFC3339, *before)
			if err != nil {
				return Args{}, fmt.Errorf("-before %q: want an RFC 3339 instant such as 2026-01-31T00:00:00Z", *before)
			}
			return Args{Before: t}, nil
		}
	},
	Settings: ReadSettings,
	Run: func(ctx context.Context, env jobs.Env, s Settings, a Args, complete jobs.CompleteFunc) (jobs.Result, error) {
		now := env.Now()
		before := a.Before
		if before.IsZero() {
			before = now.Add(-s.After)
		}
		if now.Sub(before) < Window {
			return nil, fmt.Errorf("purge idempotency keys before %s: less than the %s window ago", before.Format(time.RFC3339), Window)
		}
		res, err := Purge(ctx, env.Pool, env.Log, Options{Before: before, BatchSize: s.BatchSize}, complete)
		if err != nil {
			return nil, err
		}
		return jobs.Result{"deleted", res.Deleted, "batches", res.Batches}, nil
	},
})

// Options tune a purge.
type Options struct {
	// Before: keys created before this instant are deleted. Required.
	Before time.Time
	// BatchSize is how many keys one transaction deletes. Must be positive.
	BatchSize int
	// Progress, when set, is called after each committed batch with the totals so far.
	Progress func(Result)
}

// Result counts what a purge did.
type Result struct {
	// Batches is the number of committed batches.
	Batches int
	// Deleted is the number of keys deleted.
	Deleted int64
}

// deleteBatch deletes the oldest expired keys first, through idempotency_keys_created_at_idx,
// by primary key. SKIP LOCKED leaves a key todo-api is claiming right now for the next run;
// the outer condition repeats the inner one so the statement alone says what it deletes.
const deleteBatch = `DELETE FROM idempotency_keys WHERE created_at < $1 AND (owner_id, key) IN (
	SELECT owner_id, key FROM idempotency_keys
	WHERE created_at < $1
	ORDER BY created_at
	LIMIT $2
	FOR UPDATE SKIP LOCKED)`

// Purge deletes batch after batch until one deletes fewer rows than BatchSize; that last batch
// also calls complete (when not nil) in its transaction. A cancelled ctx stops between or
// inside batches, leaving every committed batch deleted.
func Purge(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger, opts Options, complete jobs.CompleteFunc) (Result, error) {
	if opts.Before.IsZero() {
		return Result{}, fmt.Errorf("purge idempotency keys: cut-off instant is required")
	}
	if opts.BatchSize <= 0 {
		return Result{}, fmt.Errorf("purge idempotency keys: batch size %d: must be positive", opts.BatchSize)
	}
	var res Result
	for {
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("purge idempotency keys after %d committed batches: %w", res.Batches, err)
		}
		n, err := batch(ctx, pool, opts, complete)
		if err != nil {
			return res, fmt.Errorf("purge idempotency keys after %d committed batches: %w", res.Batches, err)
		}
		res.Batches++
		res.Deleted += n
		if opts.Progress != nil {
			opts.Progress(res)
		}
		if n < int64(opts.BatchSize) {
			log.InfoContext(ctx, "idempotency key purge finished", "batches", res.Batches, "deleted", res.Deleted, "before", opts.Before)
			return res, nil
		}
	}
}

func batch(ctx context.Context, pool *pgxpool.Pool, opts Options, complete jobs.CompleteFunc) (int64, error) {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("begin batch: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	tag, err := tx.Exec(ctx, deleteBatch, opts.Before, opts.BatchSize)
	if err != nil {
		return 0, fmt.Errorf("delete batch: %w", err)
	}
	n := tag.RowsAffected()
	if n < int64(opts.BatchSize) && complete != nil {
		if err := complete(ctx, tx); err != nil {
			return 0, fmt.Errorf("complete job: %w", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("commit batch: %w", err)
	}
	return n, nil
}
