// Package exporttodos is the export_todos job: daily, write each user's todos as CSV to the
// export bucket under <day>/<user>.csv (internal/export does the work, internal/s3store
// stores the objects).
package exporttodos

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/tsumiki-dev/tsumiki/libs/kit/envconfig"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/export"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/s3store"
)

// Kind is the job kind. It is stored in river_job.kind, so renaming it strands queued jobs.
const Kind = "export_todos"

// The job's own environment variables.
const (
	// EnvBucket is the S3 bucket the exports go to.
	EnvBucket = "EXPORT_BUCKET"
	// EnvPrefix is prepended to every export object key.
	EnvPrefix = "EXPORT_PREFIX"
	// EnvBatchSize is how many users one export query lists.
	EnvBatchSize = "EXPORT_BATCH_SIZE"
	// EnvMaxFailures is how many users' exports may fail before a run gives up.
	EnvMaxFailures = "EXPORT_MAX_FAILURES"
	// EnvStatementTimeout is the statement timeout of the query that streams one user's todos.
	EnvStatementTimeout = "EXPORT_STATEMENT_TIMEOUT"
)

// RetryDelay is how long after a run the export of its failed users is tried again (River's
// own backoff takes over if that attempt fails too).
const RetryDelay = 5 * time.Minute

// Args are the arguments of an export_todos job.
type Args struct {
	// Day is the UTC date (YYYY-MM-DD) the export is filed under. Objects are keyed by
	// day and user, so a rerun for the same day overwrites the same objects.
	Day string `json:"day" river:"unique"`
	// Users, when not empty, limits the export to these users. A worker's run queues a job
	// with the users whose export failed; River retries that job with its backoff, and its
	// attempts' errors are kept in river_job.errors.
	Users []uuid.UUID `json:"users,omitempty"`
}

// Kind returns the River job kind.
func (Args) Kind() string { return Kind }

// Validate reports whether Day is a valid date.
func (a Args) Validate() error {
	return export.ValidateDay(a.Day)
}

// Settings are the job's settings from the environment.
type Settings struct {
	// Bucket is EXPORT_BUCKET. Required where the job runs.
	Bucket string
	// Prefix is EXPORT_PREFIX. Defaults to "todos/".
	Prefix string
	// BatchSize is EXPORT_BATCH_SIZE, 1 to 100,000. Defaults to 500.
	BatchSize int
	// MaxFailures is EXPORT_MAX_FAILURES, 1 to 10,000. Defaults to 100.
	MaxFailures int
	// StatementTimeout is EXPORT_STATEMENT_TIMEOUT. Defaults to 15m; must be positive. The
	// pool's DATABASE_STATEMENT_TIMEOUT (30 s) guards short queries; the query that streams a
	// user's todos lasts as long as S3 takes the parts.
	StatementTimeout time.Duration
}

// ReadSettings reads the job's variables through r.
func ReadSettings(r *envconfig.Reader) Settings {
	return Settings{
		Bucket:           r.String(EnvBucket, ""),
		Prefix:           r.String(EnvPrefix, "todos/"),
		BatchSize:        r.Int(EnvBatchSize, 500, 1, 100_000),
		MaxFailures:      r.Int(EnvMaxFailures, 100, 1, 10_000),
		StatementTimeout: r.PositiveDuration(EnvStatementTimeout, 15*time.Minute),
	}
}

// Spec is the job's definition.
var Spec = jobs.Define(jobs.Definition[Args, Settings]{
	Description:  "write each user's todos as CSV to " + EnvBucket + " under <day>/<user>.csv",
	Schedule:     jobs.DailyAt(0, 30),
	ScheduleText: "daily at 00:30 UTC",
	UniquePeriod: 24 * time.Hour,
	Periodic:     func(now time.Time) Args { return Args{Day: now.UTC().Format(export.DayLayout)} },
	Flags: func(fs *flag.FlagSet, now time.Time) func() (Args, error) {
		day := fs.String("day", now.UTC().Format(export.DayLayout), "UTC day to file the export under, `YYYY-MM-DD`")
		users := fs.String("users", "", "export only these users (the failed ones a run logged), `id,id,...`")
		return func() (Args, error) {
			a := Args{Day: *day}
			if err := a.Validate(); err != nil {
				return Args{}, fmt.Errorf("-day: %w", err)
			}
			if *users != "" {
				for s := range strings.SplitSeq(*users, ",") {
					id, err := uuid.Parse(strings.TrimSpace(s))
					if err != nil {
						return Args{}, fmt.Errorf("-users: %q is not a user id", s)
					}
					a.Users = append(a.Users, id)
				}
			}
			return a, nil
		}
	},
	Needs:    jobs.Needs{S3: true},
	Required: []string{EnvBucket},
	Settings: ReadSettings,
	Run: func(ctx context.Context, env jobs.Env, s Settings, a Args, complete jobs.CompleteFunc) (jobs.Result, error) {
		store := s3store.New(env.S3, s.Bucket, s.Prefix)
		opts := export.Options{Day: a.Day, UserBatchSize: s.BatchSize, Users: a.Users, MaxFailures: s.MaxFailures, StatementTimeout: s.StatementTimeout}
		if len(a.Users) == 0 {
			// A full run queues its failed users as a job of their own; a run of given users
			// fails instead, so that River retries it with its backoff.
			opts.Retry = Retry(a.Day, env.Now)
		}
		res, err := export.New(env.Pool, store, env.Log).Run(ctx, opts, complete)
		if err != nil {
			return nil, err
		}
		return jobs.Result{"objects", res.Objects, "todos", res.Todos, "failed", len(res.Failed)}, nil
	},
})

// Retry returns the export's RetryFunc for day: it inserts, in the transaction that completes
// the running job, an export_todos job for the failed users only, RetryDelay from now. It needs
// the River client of the running job (River puts it in the job's context).
func Retry(day string, now func() time.Time) export.RetryFunc {
	return func(ctx context.Context, tx pgx.Tx, users []uuid.UUID) error {
		client, err := river.ClientFromContextSafely[pgx.Tx](ctx)
		if err != nil {
			return fmt.Errorf("queue export of failed users: %w", err)
		}
		// No unique options: the day's job (unique by day) is still running.
		if _, err := client.InsertTx(ctx, tx, Args{Day: day, Users: users}, &river.InsertOpts{ScheduledAt: now().Add(RetryDelay)}); err != nil {
			return fmt.Errorf("queue export of failed users: %w", err)
		}
		return nil
	}
}
