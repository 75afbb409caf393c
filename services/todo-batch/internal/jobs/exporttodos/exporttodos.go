// Package exporttodos is the export_todos job: daily, write each user's todos as CSV to the
// export bucket under <day>/<user>.csv (internal/export does the work, internal/s3store
// stores the objects).
package exporttodos

import (
	"context"
	"flag"
	"fmt"
	"time"

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
)

// Args are the arguments of an export_todos job.
type Args struct {
	// Day is the UTC date (YYYY-MM-DD) the export is filed under. Objects are keyed by
	// day and user, so a rerun for the same day overwrites the same objects.
	Day string `json:"day" river:"unique"`
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
}

// ReadSettings reads the job's variables through r.
func ReadSettings(r *envconfig.Reader) Settings {
	return Settings{
		Bucket:    r.String(EnvBucket, ""),
		Prefix:    r.String(EnvPrefix, "todos/"),
		BatchSize: r.Int(EnvBatchSize, 500, 1, 100_000),
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
		return func() (Args, error) {
			a := Args{Day: *day}
			if err := a.Validate(); err != nil {
				return Args{}, fmt.Errorf("-day: %w", err)
			}
			return a, nil
		}
	},
	Needs:    jobs.Needs{S3: true},
	Required: []string{EnvBucket},
	Settings: ReadSettings,
	Run: func(ctx context.Context, env jobs.Env, s Settings, a Args, complete jobs.CompleteFunc) (jobs.Result, error) {
		store := s3store.New(env.S3, s.Bucket, s.Prefix)
		res, err := export.New(env.Pool, store, env.Log).Run(ctx, export.Options{Day: a.Day, UserBatchSize: s.BatchSize}, complete)
		if err != nil {
			return nil, err
		}
		return jobs.Result{"objects", res.Objects, "todos", res.Todos}, nil
	},
})
