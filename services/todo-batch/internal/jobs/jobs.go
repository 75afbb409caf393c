// Package jobs is the shape of a todo-batch job: one package per job under internal/jobs/<job>
// defines it once with Define (kind, arguments, flags, schedule, required configuration, how to
// run once), and internal/catalogue lists those specs. The worker, `run`, `enqueue`, `jobs`,
// the configuration and make all iterate over the specs; nothing else names a job.
//
// # Adding a job
//
// Write a package internal/jobs/<job> exporting `var Spec = jobs.Define(jobs.Definition[Args,
// Settings]{...})`, and add `<job>.Spec` to catalogue.All. cmd/todo-batch's
// TestRun_NewJobInOnePackage is the worked example.
//
// # Errors
//
// Catalogue.Lookup returns an error wrapping ErrUnknownKind that lists the valid names. A
// spec's Parse returns flag and validation errors that name the flag at fault.
package jobs

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/tsumiki-dev/tsumiki/libs/kit/envconfig"
	"github.com/tsumiki-dev/tsumiki/libs/mailer"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/batchmetrics"
)

// CompleteFunc marks the running job completed inside tx, so that a job's last batch of
// side effects and its completion commit together. It is nil when a job runs outside River
// (the one-shot `run` mode), where there is no job row to complete.
type CompleteFunc func(ctx context.Context, tx pgx.Tx) error

// Needs are the shared dependencies a job uses besides the database. A command builds (and
// requires the configuration of) only what the jobs it may run need.
type Needs struct {
	// Mail is the mail client (libs/mailer: MAIL_QUEUE_URL, MAIL_SENDERS).
	Mail bool
	// S3 is the S3 client (AWS_REGION and the AWS SDK's variables).
	S3 bool
}

// Or returns the dependencies either n or o needs.
func (n Needs) Or(o Needs) Needs { return Needs{Mail: n.Mail || o.Mail, S3: n.S3 || o.S3} }

// Enqueuer is the part of *mailer.Client that jobs use; tests pass a recorder.
type Enqueuer interface {
	SendBatch(ctx context.Context, mails []mailer.Mail) ([]mailer.Result, error)
}

// Env is what a running job gets: the shared dependencies, built once per process.
type Env struct {
	// Pool is the PostgreSQL pool (todo-api's tables and River's).
	Pool *pgxpool.Pool
	// Log is the process logger, tagged with the job's kind.
	Log *slog.Logger
	// Now returns the current time; never nil.
	Now func() time.Time
	// Mail enqueues mail. Set when the job's Needs.Mail.
	Mail Enqueuer
	// S3 is the S3 client. Set when the job's Needs.S3.
	S3 *s3.Client
	// Metrics records the CloudWatch metrics of a job's own work (reminder freshness); nil
	// records none.
	Metrics *batchmetrics.Metrics
}

// Result is what a finished run reports, as slog key-value pairs ("mails", 3, ...).
type Result []any

// Definition is one job as its package writes it, once. A is its River arguments type (its
// Kind method names the job), S its own settings read from the environment.
type Definition[A river.JobArgs, S any] struct {
	// Description says what the job does, for `todo-batch jobs`.
	Description string
	// Schedule is the periodic schedule the worker's leader enqueues the job on; nil means
	// the job only runs when asked (`run`, `enqueue`).
	Schedule river.PeriodicSchedule
	// ScheduleText describes Schedule for people ("every minute").
	ScheduleText string
	// UniquePeriod is the uniqueness period of the periodic job: at most one job of this
	// kind and arguments is inserted per period, whoever the leader is. Required with
	// Schedule.
	UniquePeriod time.Duration
	// Periodic returns the arguments of the periodic job for the instant now. Required with
	// Schedule.
	Periodic func(now time.Time) A
	// Flags defines the job's flags for `run` and `enqueue` on fs; the function it returns
	// builds the arguments once fs is parsed, or says which flag is wrong. Nil means no flags
	// and zero arguments.
	Flags func(fs *flag.FlagSet, now time.Time) func() (A, error)
	// Needs are the shared dependencies the job uses.
	Needs Needs
	// Required are the environment variables the job cannot run without (its own, such as
	// EXPORT_BUCKET; Needs implies the shared ones).
	Required []string
	// Settings reads the job's own variables through r, which records every invalid one.
	// Nil means the job has none.
	Settings func(r *envconfig.Reader) S
	// Run runs the job once with args, calling complete (when not nil) inside the
	// transaction of its last batch.
	Run func(ctx context.Context, env Env, settings S, args A, complete CompleteFunc) (Result, error)
}

// Spec is a job with its types erased, as the commands and the worker iterate over it. Build
// one with Define.
type Spec struct {
	// Kind is the job kind, stored in river_job.kind (renaming one strands queued jobs) and
	// used as the job's name on the command line.
	Kind string
	// Description says what the job does.
	Description string
	// Schedule is the periodic schedule, or nil for a job that only runs when asked.
	Schedule river.PeriodicSchedule
	// ScheduleText describes Schedule for people.
	ScheduleText string
	// UniquePeriod is the uniqueness period of the periodic job.
	UniquePeriod time.Duration
	// Periodic returns the arguments of the periodic job for now.
	Periodic func(now time.Time) river.JobArgs
	// Needs are the shared dependencies the job uses.
	Needs Needs
	// Required are the environment variables the job cannot run without.
	Required []string

	flags    func(fs *flag.FlagSet, now time.Time) func() (river.JobArgs, error)
	settings func(r *envconfig.Reader) any
	run      func(ctx context.Context, env Env, settings any, args river.JobArgs, complete CompleteFunc) (Result, error)
	work     func(workers *river.Workers, work WorkFunc)
}

// WorkFunc runs one River job of any kind; the worker package supplies it (advisory lock,
// logging) and each spec adapts it to River's typed worker for its arguments.
type WorkFunc func(ctx context.Context, args river.JobArgs, complete CompleteFunc) error

// Define turns a job's definition into its Spec. It panics on a definition that cannot work
// (a schedule without its period or arguments), which TestCatalogue checks for every job.
func Define[A river.JobArgs, S any](d Definition[A, S]) Spec {
	var zero A
	kind := zero.Kind()
	if d.Schedule != nil && (d.UniquePeriod <= 0 || d.Periodic == nil) {
		panic(fmt.Sprintf("job %s: a schedule needs UniquePeriod and Periodic", kind))
	}
	if d.Run == nil {
		panic(fmt.Sprintf("job %s: Run is required", kind))
	}
	s := Spec{
		Kind: kind, Description: d.Description, Schedule: d.Schedule, ScheduleText: d.ScheduleText,
		UniquePeriod: d.UniquePeriod, Needs: d.Needs, Required: d.Required,
	}
	if s.ScheduleText == "" {
		s.ScheduleText = "on demand"
	}
	if d.Periodic != nil {
		s.Periodic = func(now time.Time) river.JobArgs { return d.Periodic(now) }
	}
	s.flags = func(fs *flag.FlagSet, now time.Time) func() (river.JobArgs, error) {
		if d.Flags == nil {
			return func() (river.JobArgs, error) { return zero, nil }
		}
		build := d.Flags(fs, now)
		return func() (river.JobArgs, error) { return build() }
	}
	s.settings = func(r *envconfig.Reader) any {
		if d.Settings == nil {
			var none S
			return none
		}
		return d.Settings(r)
	}
	s.run = func(ctx context.Context, env Env, settings any, args river.JobArgs, complete CompleteFunc) (Result, error) {
		a, ok := args.(A)
		if !ok {
			return nil, fmt.Errorf("job %s: arguments of type %T, want %T", kind, args, zero)
		}
		st, ok := settings.(S)
		if !ok {
			return nil, fmt.Errorf("job %s: settings of type %T, want %T", kind, settings, *new(S))
		}
		return d.Run(ctx, env, st, a, complete)
	}
	s.work = func(workers *river.Workers, work WorkFunc) {
		river.AddWorker(workers, &riverWorker[A]{work: work})
	}
	return s
}

// Parse parses the job's command-line flags (args, without the job name) into its River
// arguments. Errors name the flag at fault; flag's own messages go to fs's output.
func (s Spec) Parse(fs *flag.FlagSet, args []string, now time.Time) (river.JobArgs, error) {
	build := s.flags(fs, now)
	if err := fs.Parse(args); err != nil {
		return nil, fmt.Errorf("%s flags: %w", s.Kind, err)
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("%s: unexpected argument %q", s.Kind, fs.Arg(0))
	}
	a, err := build()
	if err != nil {
		return nil, fmt.Errorf("%s %w", s.Kind, err)
	}
	return a, nil
}

// FlagUsage returns the job's flags as one line ("-day YYYY-MM-DD"), for the usage text.
func (s Spec) FlagUsage() string {
	fs := flag.NewFlagSet(s.Kind, flag.ContinueOnError)
	s.flags(fs, time.Time{})
	var parts []string
	fs.VisitAll(func(f *flag.Flag) {
		name, _ := flag.UnquoteUsage(f)
		parts = append(parts, strings.TrimSpace("-"+f.Name+" "+name))
	})
	return strings.Join(parts, " | ")
}

// ReadSettings reads the job's own settings through r (nil settings for a job without any).
func (s Spec) ReadSettings(r *envconfig.Reader) any { return s.settings(r) }

// Run runs the job once. settings are what ReadSettings returned; args must be the job's
// arguments type.
func (s Spec) Run(ctx context.Context, env Env, settings any, args river.JobArgs, complete CompleteFunc) (Result, error) {
	return s.run(ctx, env, settings, args, complete)
}

// AddWorker registers the job's River worker on workers, running each job through work.
func (s Spec) AddWorker(workers *river.Workers, work WorkFunc) { s.work(workers, work) }

// riverWorker adapts a WorkFunc to River's Worker interface for one arguments type.
type riverWorker[A river.JobArgs] struct {
	river.WorkerDefaults[A]
	work WorkFunc
}

// Work runs the job and completes it inside the job's last transaction.
func (w *riverWorker[A]) Work(ctx context.Context, job *river.Job[A]) error {
	complete := func(ctx context.Context, tx pgx.Tx) error {
		_, err := river.JobCompleteTx[*riverpgxv5.Driver](ctx, tx, job)
		return err
	}
	return w.work(ctx, job.Args, complete)
}

// Catalogue is a list of job specs, in the order `todo-batch jobs` prints them.
type Catalogue []Spec

// ErrUnknownKind is returned (wrapped) by Lookup for a name that is not a job kind.
var ErrUnknownKind = errors.New("unknown job")

// Lookup returns the spec of the job kind name, or an error wrapping ErrUnknownKind that
// lists the valid names.
func (c Catalogue) Lookup(name string) (Spec, error) {
	i := slices.IndexFunc(c, func(s Spec) bool { return s.Kind == name })
	if i < 0 {
		return Spec{}, fmt.Errorf("%w %q; one of: %s", ErrUnknownKind, name, strings.Join(c.Kinds(), ", "))
	}
	return c[i], nil
}

// Kinds returns the names of every job kind.
func (c Catalogue) Kinds() []string {
	kinds := make([]string, 0, len(c))
	for _, s := range c {
		kinds = append(kinds, s.Kind)
	}
	return kinds
}

// Needs returns every shared dependency the catalogue's jobs use.
func (c Catalogue) Needs() Needs {
	var n Needs
	for _, s := range c {
		n = n.Or(s.Needs)
	}
	return n
}

// Validate reports duplicate or empty kinds, each naming the kind.
func (c Catalogue) Validate() error {
	var errs []error
	seen := map[string]bool{}
	for _, s := range c {
		switch {
		case s.Kind == "":
			errs = append(errs, errors.New("a job has an empty kind (its arguments' Kind method)"))
		case seen[s.Kind]:
			errs = append(errs, fmt.Errorf("job %s is listed twice", s.Kind))
		}
		seen[s.Kind] = true
	}
	return errors.Join(errs...)
}
