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

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/tsumiki-dev/tsumiki/libs/kit/logging"
	"github.com/tsumiki-dev/tsumiki/libs/kit/postgres"
	"github.com/tsumiki-dev/tsumiki/libs/mailer"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/advisorylock"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/catalogue"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/config"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/worker"
)

// usage is the command's help; the job list and each job's flags come from the specs.
func usage(c jobs.Catalogue) string {
	var b strings.Builder
	b.WriteString(`usage:
  todo-batch worker                        work queued jobs; the leader enqueues periodic ones
  todo-batch run <job> [flags]             run one job now, then exit (exit 3: already running)
  todo-batch enqueue <job> [flags]         put one job on the queue
  todo-batch jobs [-names]                 list the jobs and their schedules (-names: names only)
  todo-batch migrate up | down [N] | version   migrate River's tables
jobs and their flags:`)
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	for _, s := range c {
		_, _ = fmt.Fprintf(tw, "\n  %s\t%s", s.Kind, s.FlagUsage())
	}
	_ = tw.Flush() // a strings.Builder never fails
	return b.String()
}

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
	return cli{jobs: catalogue.All(), getenv: getenv, stdout: stdout, stderr: stderr}.run(ctx, args)
}

// cli is one invocation over a catalogue of jobs (catalogue.All; tests add their own).
type cli struct {
	jobs           jobs.Catalogue
	getenv         func(string) string
	stdout, stderr io.Writer
}

func (c cli) run(ctx context.Context, args []string) error {
	if err := c.jobs.Validate(); err != nil {
		return fmt.Errorf("job catalogue: %w", err)
	}
	if len(args) == 0 {
		return usagef("no command\n%s", usage(c.jobs))
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "jobs":
		return c.printJobs(rest)
	case "migrate":
		return c.runMigrate(ctx, rest)
	case "enqueue":
		return c.runEnqueue(ctx, rest)
	case "run":
		return c.runOnce(ctx, rest)
	case "worker":
		if len(rest) != 0 {
			return usagef("worker takes no arguments")
		}
		return c.runWorker(ctx)
	case "help", "-h", "-help", "--help":
		_, err := fmt.Fprintln(c.stdout, usage(c.jobs))
		return err
	default:
		return usagef("unknown command %q\n%s", cmd, usage(c.jobs))
	}
}

// printJobs lists the jobs: a table, or with -names one name per line (make reads those).
func (c cli) printJobs(args []string) error {
	fs := flag.NewFlagSet("jobs", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	names := fs.Bool("names", false, "print only the job names, one per line")
	if err := fs.Parse(args); err != nil {
		return usagef("jobs: %w", err)
	}
	if fs.NArg() > 0 {
		return usagef("jobs takes no arguments, only -names")
	}
	if *names {
		_, err := fmt.Fprintln(c.stdout, strings.Join(c.jobs.Kinds(), "\n"))
		return err
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	// A tabwriter buffers until Flush, which reports any write error.
	_, _ = fmt.Fprintln(tw, "JOB\tSCHEDULE\tDESCRIPTION")
	for _, s := range c.jobs {
		_, _ = fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Kind, s.ScheduleText, s.Description)
	}
	return tw.Flush()
}

// loadConfig reads the configuration for req; its errors are usage errors (exit 2).
func (c cli) loadConfig(ctx context.Context, req config.Request) (config.Config, error) {
	req.Jobs = c.jobs
	cfg, err := config.Load(ctx, c.getenv, req)
	if err != nil {
		return config.Config{}, usageError{err}
	}
	return cfg, nil
}

func (c cli) newLogger(cfg config.Config) *slog.Logger {
	return logging.New(c.stdout, config.Service, cfg.LogLevel)
}

func openPool(ctx context.Context, cfg config.Config) (*pgxpool.Pool, error) {
	pool, err := postgres.Open(ctx, cfg.Database, cfg.Pool)
	if err != nil {
		return nil, fmt.Errorf("connect to the database: %w", err)
	}
	return pool, nil
}

func (c cli) runMigrate(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError{worker.ErrMigrateUsage}
	}
	cfg, err := c.loadConfig(ctx, config.Request{Database: true})
	if err != nil {
		return err
	}
	log := c.newLogger(cfg)
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := worker.Migrate(ctx, pool, args, c.stdout, log); err != nil {
		if errors.Is(err, worker.ErrMigrateUsage) {
			return usageError{err}
		}
		return err
	}
	return nil
}

// parseJob parses "<job> [flags]" into the job's spec and River arguments.
func (c cli) parseJob(args []string, now time.Time) (jobs.Spec, river.JobArgs, error) {
	if len(args) == 0 {
		return jobs.Spec{}, nil, usagef("a job name is required; one of: %s", strings.Join(c.jobs.Kinds(), ", "))
	}
	spec, err := c.jobs.Lookup(args[0])
	if err != nil {
		return jobs.Spec{}, nil, usageError{err}
	}
	fs := flag.NewFlagSet(spec.Kind, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	job, err := spec.Parse(fs, args[1:], now)
	if err != nil {
		return jobs.Spec{}, nil, usageError{err}
	}
	return spec, job, nil
}

func (c cli) runEnqueue(ctx context.Context, args []string) error {
	_, job, err := c.parseJob(args, time.Now())
	if err != nil {
		return err
	}
	cfg, err := c.loadConfig(ctx, config.Request{Database: true})
	if err != nil {
		return err
	}
	log := c.newLogger(cfg)
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	client, err := worker.NewClient(&worker.Runner{Pool: pool, Config: cfg, Jobs: c.jobs, Log: log}, worker.ClientOptions{})
	if err != nil {
		return err
	}
	res, err := client.Insert(ctx, job, nil)
	if err != nil {
		return fmt.Errorf("enqueue %s: %w", job.Kind(), err)
	}
	_, err = fmt.Fprintf(c.stdout, "enqueued %s as job %d\n", job.Kind(), res.Job.ID)
	return err
}

// runner opens what the jobs to run need (the mail client, the S3 client) and returns the
// Runner for them.
func (c cli) runner(cfg config.Config, pool *pgxpool.Pool, run jobs.Catalogue, log *slog.Logger) (*worker.Runner, error) {
	r := &worker.Runner{Pool: pool, Config: cfg, Jobs: run, Log: log}
	if cfg.Mail != nil {
		client, err := mailer.New(*cfg.Mail)
		if err != nil {
			return nil, usageError{err}
		}
		r.Mail = client
	}
	if cfg.AWS != nil {
		r.S3 = s3.NewFromConfig(*cfg.AWS, func(o *s3.Options) { o.UsePathStyle = cfg.S3PathStyle })
	}
	return r, nil
}

func (c cli) runOnce(ctx context.Context, args []string) error {
	spec, job, err := c.parseJob(args, time.Now())
	if err != nil {
		return err
	}
	run := jobs.Catalogue{spec}
	cfg, err := c.loadConfig(ctx, config.Request{Database: true, Run: run})
	if err != nil {
		return err
	}
	log := c.newLogger(cfg)
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	runner, err := c.runner(cfg, pool, run, log)
	if err != nil {
		return err
	}
	var stopMetrics func()
	if runner.Metrics, stopMetrics, err = startMetrics(ctx, log, cfg.Environment); err != nil {
		return err
	}
	defer stopMetrics()

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

func (c cli) runWorker(ctx context.Context) error {
	cfg, err := c.loadConfig(ctx, config.Request{Database: true, Run: c.jobs})
	if err != nil {
		return err
	}
	log := c.newLogger(cfg)
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	runner, err := c.runner(cfg, pool, c.jobs, log)
	if err != nil {
		return err
	}
	var stopMetrics func()
	if runner.Metrics, stopMetrics, err = startMetrics(ctx, log, cfg.Environment); err != nil {
		return err
	}
	defer stopMetrics()
	client, err := worker.NewClient(runner, worker.ClientOptions{Work: true})
	if err != nil {
		return err
	}
	return worker.Work(ctx, client, cfg, log)
}
