// Package worker connects todo-batch's jobs to River: it builds the River client (workers,
// the leader's periodic jobs, the stop budget), runs one job in-process for the one-shot
// `run` mode, and migrates River's tables.
//
// Both paths go through Runner, which takes the job's advisory lock first, so a job never
// runs twice at once whether it was started by the worker's queue or by `todo-batch run`.
package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/advisorylock"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/config"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/export"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/purge"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/reminder"
)

// LockedSnooze is how long a worker's job waits before trying again when another process
// (usually a one-shot `todo-batch run`) holds the job's advisory lock.
const LockedSnooze = 30 * time.Second

// ErrNotConfigured is returned (wrapped) when a job needs a dependency that this process was
// started without, such as the mail queue for due_reminders.
var ErrNotConfigured = errors.New("not configured")

// Runner runs jobs under their advisory locks. Its fields are the jobs' dependencies; a nil
// job (e.g. Reminders in a process without a mail queue) fails with ErrNotConfigured.
type Runner struct {
	// Pool is the PostgreSQL pool the jobs and the locks use.
	Pool *pgxpool.Pool
	// Config supplies the batch sizes, the reminder window and the purge age.
	Config config.Config
	// Reminders runs due_reminders.
	Reminders *reminder.Job
	// Purge runs purge_deleted.
	Purge *purge.Job
	// Export runs export_todos.
	Export *export.Job
	// Log receives one line per finished job.
	Log *slog.Logger
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// Run runs the job described by args now, in this goroutine, holding the job kind's
// advisory lock. It returns an error wrapping advisorylock.ErrHeld if another process holds
// it. complete is passed on to the job (nil outside River).
func (r *Runner) Run(ctx context.Context, args river.JobArgs, complete jobs.CompleteFunc) error {
	lock, err := advisorylock.TryAcquire(ctx, r.Pool, args.Kind())
	if err != nil {
		return err
	}
	defer func() {
		if err := lock.Release(ctx); err != nil {
			r.Log.ErrorContext(ctx, "release advisory lock", "job", args.Kind(), "error", err)
		}
	}()
	start := r.now()
	log := r.Log.With("job", args.Kind())
	switch a := args.(type) {
	case jobs.DueRemindersArgs:
		if r.Reminders == nil {
			return fmt.Errorf("due_reminders: mail queue %w (MAIL_QUEUE_URL)", ErrNotConfigured)
		}
		window := r.Config.ReminderWindow
		if a.Window > 0 {
			window = a.Window
		}
		res, err := r.Reminders.Run(ctx, reminder.Options{Window: window, BatchSize: r.Config.ReminderBatchSize, Now: r.Now}, complete)
		if err != nil {
			return err
		}
		log.InfoContext(ctx, "job finished", "mails", res.Mails, "todos", res.Todos, "batches", res.Batches, "seconds", time.Since(start).Seconds())
	case jobs.PurgeDeletedArgs:
		if r.Purge == nil {
			return fmt.Errorf("purge_deleted: %w", ErrNotConfigured)
		}
		before := a.Before
		if before.IsZero() {
			before = r.now().Add(-r.Config.PurgeAfter)
		}
		res, err := r.Purge.Run(ctx, purge.Options{Before: before, BatchSize: r.Config.PurgeBatchSize}, complete)
		if err != nil {
			return err
		}
		log.InfoContext(ctx, "job finished", "deleted", res.Deleted, "batches", res.Batches, "seconds", time.Since(start).Seconds())
	case jobs.ExportTodosArgs:
		if r.Export == nil {
			return fmt.Errorf("export_todos: export bucket %w (EXPORT_BUCKET)", ErrNotConfigured)
		}
		res, err := r.Export.Run(ctx, export.Options{Day: a.Day, UserBatchSize: r.Config.ExportBatchSize}, complete)
		if err != nil {
			return err
		}
		log.InfoContext(ctx, "job finished", "objects", res.Objects, "todos", res.Todos, "seconds", time.Since(start).Seconds())
	default:
		return fmt.Errorf("job kind %q: %w", args.Kind(), jobs.ErrUnknownKind)
	}
	return nil
}

// riverWorker adapts Runner to River's Worker interface for one argument type.
type riverWorker[T river.JobArgs] struct {
	river.WorkerDefaults[T]
	runner *Runner
}

// Work runs the job and completes it inside the job's last transaction. A job whose lock is
// held elsewhere is snoozed rather than failed: the other holder is doing the same work.
func (w *riverWorker[T]) Work(ctx context.Context, job *river.Job[T]) error {
	complete := func(ctx context.Context, tx pgx.Tx) error {
		_, err := river.JobCompleteTx[*riverpgxv5.Driver](ctx, tx, job)
		return err
	}
	err := w.runner.Run(ctx, job.Args, complete)
	if errors.Is(err, advisorylock.ErrHeld) {
		return river.JobSnooze(LockedSnooze)
	}
	return err
}

// ClientOptions shape a River client beyond the configuration.
type ClientOptions struct {
	// Work makes the client fetch and work jobs, and take part in leader election (the
	// leader enqueues the periodic jobs). False builds an insert-only client.
	Work bool
	// Specs are the periodic jobs' specs; nil means jobs.Catalogue(). Tests pass shorter
	// schedules.
	Specs []jobs.Spec
	// Logger receives River's own logs; nil means the Runner's logger.
	Logger *slog.Logger
}

// PeriodicInsertOpts are the insert options of spec's periodic job: unique per spec's period
// (and per arguments), so whichever leader inserts it, each period gets one job.
func PeriodicInsertOpts(spec jobs.Spec) *river.InsertOpts {
	return &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: spec.UniquePeriod}}
}

// NewClient builds the River client for runner's pool.
func NewClient(runner *Runner, opts ClientOptions) (*river.Client[pgx.Tx], error) {
	workers := river.NewWorkers()
	river.AddWorker(workers, &riverWorker[jobs.DueRemindersArgs]{runner: runner})
	river.AddWorker(workers, &riverWorker[jobs.PurgeDeletedArgs]{runner: runner})
	river.AddWorker(workers, &riverWorker[jobs.ExportTodosArgs]{runner: runner})

	logger := opts.Logger
	if logger == nil {
		logger = runner.Log
	}
	cfg := &river.Config{
		Logger:               logger,
		Workers:              workers,
		JobTimeout:           runner.Config.JobTimeout,
		RescueStuckJobsAfter: runner.Config.JobRescueAfter,
		SoftStopTimeout:      runner.Config.SoftStopTimeout,
		// River's leader REINDEXes its job indexes daily, which only the tables' owner
		// (todo_migrator) may do; the worker logs in as todo_app, data only. An empty, non-nil
		// list turns the reindexer off; reindexing is a maintenance task for the migrator
		// (design-docs/todo-batch.md, "Database").
		ReindexerIndexNames: []string{},
	}
	if opts.Work {
		specs := opts.Specs
		if specs == nil {
			specs = jobs.Catalogue()
		}
		for _, spec := range specs {
			cfg.PeriodicJobs = append(cfg.PeriodicJobs, river.NewPeriodicJob(spec.Schedule,
				func() (river.JobArgs, *river.InsertOpts) {
					return spec.Periodic(time.Now()), PeriodicInsertOpts(spec)
				},
				// A new leader inserts at once; uniqueness per period makes that a no-op when
				// the previous leader already inserted this period's job.
				&river.PeriodicJobOpts{ID: spec.Kind, RunOnStart: true}))
		}
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: runner.Config.MaxWorkers}}
	}
	client, err := river.NewClient(riverpgxv5.New(runner.Pool), cfg)
	if err != nil {
		return nil, fmt.Errorf("new river client: %w", err)
	}
	return client, nil
}

// Work starts client, works jobs until ctx is cancelled (SIGTERM), then stops within
// Config.ShutdownTimeout: River stops fetching, lets running jobs finish for
// Config.SoftStopTimeout, then cancels them, which hands them back to the queue. It returns
// nil after a clean stop and an error if the stop overran its budget.
func Work(ctx context.Context, client *river.Client[pgx.Tx], cfg config.Config, log *slog.Logger) error {
	// River gets a context that outlives the signal: the stop below is what ends it, with
	// the soft-stop budget, instead of an immediate cancellation.
	if err := client.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("start river client: %w", err)
	}
	log.InfoContext(ctx, "worker started", "client_id", client.ID())
	select {
	case <-ctx.Done():
	case <-client.Stopped():
		return errors.New("river client stopped unexpectedly")
	}
	log.InfoContext(ctx, "stopping worker", "soft_stop_timeout", cfg.SoftStopTimeout.String(), "shutdown_timeout", cfg.ShutdownTimeout.String())
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
	defer cancel()
	if err := client.Stop(stopCtx); err != nil {
		return fmt.Errorf("stop river client within %s: %w", cfg.ShutdownTimeout, err)
	}
	log.InfoContext(ctx, "worker stopped")
	return nil
}
