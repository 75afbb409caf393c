package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/tsumiki-dev/tsumiki/libs/kit/awsconfig"
	"github.com/tsumiki-dev/tsumiki/libs/kit/logging"
	"github.com/tsumiki-dev/tsumiki/libs/kit/postgres"
	"github.com/tsumiki-dev/tsumiki/libs/mailer"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/advisorylock"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/config"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/export"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/purge"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/reminder"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/remindermail"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/s3store"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/worker"
)

var usage = `usage:
  todo-batch worker                        work queued jobs; the leader enqueues periodic ones
  todo-batch run <job> [flags]             run one job now, then exit (exit 3: already running)
  todo-batch enqueue <job> [flags]         put one job on the queue
  todo-batch jobs                          list the jobs and their schedules
  todo-batch migrate up | down [N] | version   migrate River's tables
jobs: ` + strings.Join(jobs.Kinds(), ", ") + `
flags: due_reminders -window DURATION; purge_deleted -before RFC3339 | -older-than DURATION;
       export_todos -day YYYY-MM-DD`

// usageError is bad input on the command line or in the environment: exit code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// ExitCode returns 2.
func (usageError) ExitCode() int { return exitUsage }

// alreadyRunningError is a one-shot run that found the job's lock held: exit code 3.
type alreadyRunningError struct{ err error }

func (e alreadyRunningError) Error() string { return e.err.Error() }
func (e alreadyRunningError) Unwrap() error { return e.err }

// ExitCode returns 3.
func (alreadyRunningError) ExitCode() int { return exitAlreadyRunning }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// run is the whole program: main only wires signals. ctx is cancelled on SIGTERM/SIGINT.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usagef("no command\n%s", usage)
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "jobs":
		if len(rest) != 0 {
			return usagef("jobs takes no arguments")
		}
		return printJobs(stdout)
	case "migrate":
		return runMigrate(ctx, rest, getenv, stdout, stderr)
	case "enqueue":
		return runEnqueue(ctx, rest, getenv, stdout, stderr)
	case "run":
		return runOnce(ctx, rest, getenv, stderr)
	case "worker":
		if len(rest) != 0 {
			return usagef("worker takes no arguments")
		}
		return runWorker(ctx, getenv, stderr)
	case "help", "-h", "-help", "--help":
		_, err := fmt.Fprintln(stdout, usage)
		return err
	default:
		return usagef("unknown command %q\n%s", cmd, usage)
	}
}

func printJobs(stdout io.Writer) error {
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	// A tabwriter buffers until Flush, which reports any write error.
	_, _ = fmt.Fprintln(tw, "JOB\tSCHEDULE\tDESCRIPTION")
	for _, s := range jobs.Catalogue() {
		_, _ = fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Kind, s.ScheduleText, s.Description)
	}
	return tw.Flush()
}

// loadConfig reads the configuration; its errors are usage errors (exit 2).
func loadConfig(getenv func(string) string, required ...string) (config.Config, error) {
	cfg, err := config.Load(getenv, required...)
	if err != nil {
		return config.Config{}, usageError{err}
	}
	return cfg, nil
}

// settings is everything a job-running command reads from the environment.
type settings struct {
	cfg    config.Config
	mail   *mailer.Config // nil unless the command sends reminders
	aws    *aws.Config    // nil unless the command exports
	getenv func(string) string
}

// loadSettings reads the service configuration and, when asked, the mail client's and the
// AWS configuration, and reports every problem in all of them at once (exit 2).
func loadSettings(ctx context.Context, getenv func(string) string, needMail, needExport bool, required ...string) (settings, error) {
	s := settings{getenv: getenv}
	var errs []error
	cfg, err := config.Load(getenv, required...)
	errs = append(errs, err)
	s.cfg = cfg
	if needMail {
		mcfg, err := mailer.ConfigFromEnv(ctx, getenv)
		errs = append(errs, err)
		s.mail = &mcfg
	}
	if needExport {
		awsCfg, err := awsconfig.Load(ctx, getenv)
		errs = append(errs, err)
		s.aws = &awsCfg
	}
	if err := errors.Join(errs...); err != nil {
		return settings{}, usageError{err}
	}
	return s, nil
}

func newLogger(cfg config.Config, stderr io.Writer) *slog.Logger {
	level, _ := logging.ParseLevel(cfg.LogLevel) // validated by config.Load
	return logging.New(stderr, "todo-batch", level)
}

func openPool(ctx context.Context, cfg config.Config) (*pgxpool.Pool, error) {
	pool, err := postgres.Open(ctx, cfg.Database, postgres.PoolOptions{
		MaxConns:        int32(cfg.DBMaxConns), //nolint:gosec // config.Load bounds it to [2, 1000]
		ApplicationName: "todo-batch",
	})
	if err != nil {
		return nil, fmt.Errorf("connect to the database: %w", err)
	}
	return pool, nil
}

func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{worker.ErrMigrateUsage}
	}
	cfg, err := loadConfig(getenv, config.EnvDatabaseURL)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := worker.Migrate(ctx, pool, args, stdout, log); err != nil {
		if errors.Is(err, worker.ErrMigrateUsage) {
			return usageError{err}
		}
		return err
	}
	return nil
}

// parseJob parses "<job> [flags]" into River job arguments.
func parseJob(args []string, now time.Time, stderr io.Writer) (river.JobArgs, error) {
	if len(args) == 0 {
		return nil, usagef("a job name is required; one of: %s", strings.Join(jobs.Kinds(), ", "))
	}
	spec, err := jobs.Lookup(args[0])
	if err != nil {
		return nil, usageError{err}
	}
	fs := flag.NewFlagSet(spec.Kind, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		job       river.JobArgs
		window    time.Duration
		before    string
		olderThan time.Duration
		day       string
	)
	switch spec.Kind {
	case jobs.KindDueReminders:
		fs.DurationVar(&window, "window", 0, "remind todos due within this duration (default REMINDER_WINDOW)")
	case jobs.KindPurgeDeleted:
		fs.StringVar(&before, "before", "", "purge todos soft-deleted before this RFC 3339 instant")
		fs.DurationVar(&olderThan, "older-than", 0, "purge todos soft-deleted more than this long ago (default PURGE_AFTER)")
	case jobs.KindExportTodos:
		fs.StringVar(&day, "day", now.UTC().Format(jobs.DayLayout), "UTC day to file the export under, YYYY-MM-DD")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return nil, usagef("%s flags: %w", spec.Kind, err)
	}
	if fs.NArg() > 0 {
		return nil, usagef("%s: unexpected argument %q", spec.Kind, fs.Arg(0))
	}
	switch spec.Kind {
	case jobs.KindDueReminders:
		if window < 0 {
			return nil, usagef("due_reminders -window %s: must be positive", window)
		}
		job = jobs.DueRemindersArgs{Window: window}
	case jobs.KindPurgeDeleted:
		a := jobs.PurgeDeletedArgs{}
		switch {
		case before != "" && olderThan != 0:
			return nil, usagef("purge_deleted: give -before or -older-than, not both")
		case before != "":
			t, err := time.Parse(time.RFC3339, before)
			if err != nil {
				return nil, usagef("purge_deleted -before %q: want an RFC 3339 instant such as 2026-01-31T00:00:00Z", before)
			}
			a.Before = t
		case olderThan < 0:
			return nil, usagef("purge_deleted -older-than %s: must be positive", olderThan)
		case olderThan > 0:
			a.Before = now.Add(-olderThan)
		}
		job = a
	case jobs.KindExportTodos:
		a := jobs.ExportTodosArgs{Day: day}
		if err := a.Validate(); err != nil {
			return nil, usagef("export_todos -day: %w", err)
		}
		job = a
	}
	return job, nil
}

func runEnqueue(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	job, err := parseJob(args, time.Now(), stderr)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(getenv, config.EnvDatabaseURL)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	client, err := worker.NewClient(&worker.Runner{Pool: pool, Config: cfg, Log: log}, worker.ClientOptions{})
	if err != nil {
		return err
	}
	res, err := client.Insert(ctx, job, nil)
	if err != nil {
		return fmt.Errorf("enqueue %s: %w", job.Kind(), err)
	}
	_, err = fmt.Fprintf(stdout, "enqueued %s as job %d\n", job.Kind(), res.Job.ID)
	return err
}

// dependencies builds the Runner with the jobs that the settings allow: due_reminders needs
// the mail client, export_todos the S3 bucket.
func dependencies(st settings, pool *pgxpool.Pool, log *slog.Logger) (*worker.Runner, error) {
	r := &worker.Runner{Pool: pool, Config: st.cfg, Log: log, Purge: purge.New(pool, log)}
	if st.mail != nil {
		client, err := mailer.New(*st.mail)
		if err != nil {
			return nil, usageError{err}
		}
		r.Reminders = reminder.New(pool, remindermail.New(client, log), log)
	}
	if st.aws != nil {
		client := s3.NewFromConfig(*st.aws, func(o *s3.Options) {
			// Local S3 (gofakes3) serves buckets by path, not by host name.
			o.UsePathStyle = st.getenv("AWS_ENDPOINT_URL_S3") != ""
		})
		r.Export = export.New(pool, s3store.New(client, st.cfg.ExportBucket, st.cfg.ExportPrefix), log)
	}
	return r, nil
}

func runOnce(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	job, err := parseJob(args, time.Now(), stderr)
	if err != nil {
		return err
	}
	required := []string{config.EnvDatabaseURL}
	switch job.Kind() {
	case jobs.KindDueReminders:
		// MAIL_QUEUE_URL and MAIL_SENDERS are checked by the mail client's configuration.
	case jobs.KindExportTodos:
		required = append(required, config.EnvExportBucket)
	}
	st, err := loadSettings(ctx, getenv, job.Kind() == jobs.KindDueReminders, job.Kind() == jobs.KindExportTodos, required...)
	if err != nil {
		return err
	}
	cfg := st.cfg
	log := newLogger(cfg, stderr)
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	runner, err := dependencies(st, pool, log)
	if err != nil {
		return err
	}

	// The same stop budget as the worker: on SIGTERM the job gets SOFT_STOP_TIMEOUT to
	// finish, then its context is cancelled; committed batches stay done.
	jobCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stopped := make(chan struct{})
	defer close(stopped)
	go func() {
		select {
		case <-ctx.Done():
			log.InfoContext(ctx, "stop requested; letting the job finish", "soft_stop_timeout", cfg.SoftStopTimeout.String())
			select {
			case <-time.After(cfg.SoftStopTimeout):
				cancel()
			case <-stopped:
			}
		case <-stopped:
		}
	}()
	if err := runner.Run(jobCtx, job, nil); err != nil {
		if errors.Is(err, advisorylock.ErrHeld) {
			return alreadyRunningError{err}
		}
		return fmt.Errorf("run %s: %w", job.Kind(), err)
	}
	return nil
}

func runWorker(ctx context.Context, getenv func(string) string, stderr io.Writer) error {
	st, err := loadSettings(ctx, getenv, true, true, config.EnvDatabaseURL, config.EnvExportBucket)
	if err != nil {
		return err
	}
	cfg := st.cfg
	log := newLogger(cfg, stderr)
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	runner, err := dependencies(st, pool, log)
	if err != nil {
		return err
	}
	client, err := worker.NewClient(runner, worker.ClientOptions{Work: true})
	if err != nil {
		return err
	}
	return worker.Work(ctx, client, cfg, log)
}
