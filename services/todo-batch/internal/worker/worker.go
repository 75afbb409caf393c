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

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/advisorylock"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/batchmetrics"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/config"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
)

// LockedSnooze is how long a worker's job waits before trying again when another process
// (usually a one-shot `todo-batch run`) holds the job's advisory lock.
const LockedSnooze = 30 * time.Second

// ErrNotConfigured is returned (wrapped) when a job is not among the jobs this process was
// configured to run, such as due_reminders in a `run purge_deleted` process.
var ErrNotConfigured = errors.New("not configured")

// Runner runs jobs under their advisory locks.
type Runner struct {
	// Pool is the PostgreSQL pool the jobs and the locks use.
	Pool *pgxpool.Pool
	// Config supplies the worker's budget (timeouts, MaxWorkers) and each job's settings
	// (Config.Jobs, by kind).
	Config config.Config
	// Jobs are the jobs this process runs; another kind fails with ErrNotConfigured.
	Jobs jobs.Catalogue
	// Mail and S3 are the shared dependencies; nil when no job in Jobs needs them.
	Mail jobs.Enqueuer
	// S3 is the S3 client of the jobs that write objects.
	S3 *s3.Client
	// Log receives one line per finished job.
	Log *slog.Logger
	// Metrics records every attempt's outcome and duration for CloudWatch, and is passed on
	// to the jobs; nil records none.
	Metrics *batchmetrics.Metrics
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
func (r *Runner) Run(ctx context.Context, args river.JobArgs, complete jobs.CompleteFunc) (err error) {
	spec, err := r.Jobs.Lookup(args.Kind())
	if err != nil {
		return fmt.Errorf("job %s: %w in this process", args.Kind(), ErrNotConfigured)
	}
	defer r.observe(ctx, spec.Kind, r.now(), &err)()
	lock, err := advisorylock.TryAcquire(ctx, r.Pool, spec.Kind)
	if err != nil {
		return err
	}
	defer func() {
		if err := lock.Release(ctx); err != nil {
			r.Log.ErrorContext(ctx, "release advisory lock", "job", spec.Kind, "error", err)
		}
	}()
	start := r.now()
	log := r.Log.With("job", spec.Kind)
	env := jobs.Env{Pool: r.Pool, Log: log, Now: r.now, Mail: r.Mail, S3: r.S3, Metrics: r.Metrics}
	res, err := spec.Run(ctx, env, r.Config.Jobs[spec.Kind], args, complete)
	if err != nil {
		return err
	}
	log.InfoContext(ctx, "job finished", append(res, "seconds", time.Since(start).Seconds())...)
	return nil
}

// observe returns the deferred call that records the attempt of kind started at start,
// ending with *err or with a panic (recorded as failed, then passed on to River).
func (r *Runner) observe(ctx context.Context, kind string, start time.Time, err *error) func() {
	return func() {
		if p := recover(); p != nil {
			r.Metrics.JobFinished(kind, batchmetrics.OutcomeFailed, r.now().Sub(start))
			panic(p)
		}
		held := errors.Is(*err, advisorylock.ErrHeld)
		r.Metrics.JobFinished(kind, batchmetrics.Outcome(ctx, *err, held), r.now().Sub(start))
	}
}

// work runs a River job: a job whose lock is held elsewhere is snoozed rather than failed,
// since the other holder is doing the same work.
func (r *Runner) work(ctx context.Context, args river.JobArgs, complete jobs.CompleteFunc) error {
	err := r.Run(ctx, args, complete)
	if errors.Is(err, advisorylock.ErrHeld) {
		return river.JobSnooze(LockedSnooze)
	}
	return err
}

// ClientOptions shape a River client beyond the configuration.
type ClientOptions struct {
	// Work makes the client fetch and work jobs, and take part in leader election (the
	// leader enqueues the periodic jobs of the runner's Jobs). False builds an insert-only
	// client.
	Work bool
	// Periodic, when not nil, replaces the periodic jobs the leader enqueues (the runner's
	// Jobs that have a schedule). Tests pass shorter schedules, or none.
	Periodic []jobs.Spec
	// Logger receives River's own logs; nil means the Runner's logger.
	Logger *slog.Logger
}

// PeriodicInsertOpts are the insert options of spec's periodic job: unique per spec's period
// (and per arguments), so whichever leader inserts it, each period gets one job.
func PeriodicInsertOpts(spec jobs.Spec) *river.InsertOpts {
	return &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: spec.UniquePeriod}}
}

// NewClient builds the River client for runner's pool, with a worker for each of runner's
// Jobs.
func NewClient(runner *Runner, opts ClientOptions) (*river.Client[pgx.Tx], error) {
	workers := river.NewWorkers()
	for _, spec := range runner.Jobs {
		spec.AddWorker(workers, runner.work)
	}

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
		periodic := opts.Periodic
		if periodic == nil {
			periodic = runner.Jobs
		}
		for _, spec := range periodic {
			if spec.Schedule == nil {
				continue
			}
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
