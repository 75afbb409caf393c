// Package purgedeleted is the purge_deleted job: daily, hard-delete todos soft-deleted long
// enough ago, in batches (internal/purge does the work).
package purgedeleted

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/tsumiki-dev/tsumiki/libs/kit/envconfig"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/purge"
)

// Kind is the job kind. It is stored in river_job.kind, so renaming it strands queued jobs.
const Kind = "purge_deleted"

// The job's own environment variables.
const (
	// EnvAfter is how long a soft-deleted todo is kept before it is purged.
	EnvAfter = "PURGE_AFTER"
	// EnvBatchSize is how many todos one purge transaction deletes.
	EnvBatchSize = "PURGE_BATCH_SIZE"
)

// Args are the arguments of a purge_deleted job.
type Args struct {
	// Before, when set, purges todos soft-deleted before this instant instead of the
	// default now minus PURGE_AFTER. A fixed instant makes a rerun purge the same set.
	Before time.Time `json:"before,omitzero"`
}

// Kind returns the River job kind.
func (Args) Kind() string { return Kind }

// Settings are the job's settings from the environment.
type Settings struct {
	// After is PURGE_AFTER. Defaults to 720h (30 days); must be positive.
	After time.Duration
	// BatchSize is PURGE_BATCH_SIZE, 1 to 100,000. Defaults to 1000.
	BatchSize int
}

// ReadSettings reads the job's variables through r.
func ReadSettings(r *envconfig.Reader) Settings {
	return Settings{
		After:     r.PositiveDuration(EnvAfter, 30*24*time.Hour),
		BatchSize: r.Int(EnvBatchSize, 1000, 1, 100_000),
	}
}

// Spec is the job's definition.
var Spec = jobs.Define(jobs.Definition[Args, Settings]{
	Description:  "hard-delete todos soft-deleted more than " + EnvAfter + " ago, in batches",
	Schedule:     jobs.DailyAt(3, 0),
	ScheduleText: "daily at 03:00 UTC",
	UniquePeriod: 24 * time.Hour,
	Periodic:     func(time.Time) Args { return Args{} },
	Flags: func(fs *flag.FlagSet, now time.Time) func() (Args, error) {
		before := fs.String("before", "", "purge todos soft-deleted before this `RFC3339` instant")
		olderThan := fs.Duration("older-than", 0, "purge todos soft-deleted more than this long ago (default "+EnvAfter+")")
		return func() (Args, error) {
			switch {
			case *before != "" && *olderThan != 0:
				return Args{}, errors.New("-before and -older-than: give -before or -older-than, not both")
			case *before != "":
				t, err := time.Parse(time.RFC3339, *before)
				if err != nil {
					return Args{}, fmt.Errorf("-before %q: want an RFC 3339 instant such as 2026-01-31T00:00:00Z", *before)
				}
				return Args{Before: t}, nil
			case *olderThan < 0:
				return Args{}, fmt.Errorf("-older-than %s: must be positive", *olderThan)
			case *olderThan > 0:
				return Args{Before: now.Add(-*olderThan)}, nil
			}
			return Args{}, nil
		}
	},
	Settings: ReadSettings,
	Run: func(ctx context.Context, env jobs.Env, s Settings, a Args, complete jobs.CompleteFunc) (jobs.Result, error) {
		before := a.Before
		if before.IsZero() {
			before = env.Now().Add(-s.After)
		}
		res, err := purge.New(env.Pool, env.Log).Run(ctx, purge.Options{Before: before, BatchSize: s.BatchSize}, complete)
		if err != nil {
			return nil, err
		}
		return jobs.Result{"deleted", res.Deleted, "batches", res.Batches}, nil
	},
})
