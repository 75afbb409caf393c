// Package counttodos is the smallest complete job, kept as the example to copy: it counts the
// open todos and reports the number. It is deliberately not in internal/catalogue; the test
// TestRun_NewJobInOnePackage adds it with one line and shows that `jobs` lists it, `run` runs
// it and the worker schedules it, with no other edit.
//
// A new job is a package like this one (arguments with a Kind method, optional flags, settings
// and required variables, and Run) plus one line in catalogue.All.
package counttodos

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
)

// Kind is the job kind. It is stored in river_job.kind, so renaming it strands queued jobs.
const Kind = "count_todos"

// Args are the job's arguments.
type Args struct {
	// Deleted counts soft-deleted todos too.
	Deleted bool `json:"deleted,omitempty"`
}

// Kind returns the River job kind.
func (Args) Kind() string { return Kind }

// Spec is the job's definition.
var Spec = jobs.Define(jobs.Definition[Args, struct{}]{
	Description:  "count the open todos (the example job; not in the catalogue)",
	Schedule:     river.PeriodicInterval(time.Hour),
	ScheduleText: "every hour",
	UniquePeriod: time.Hour,
	Periodic:     func(time.Time) Args { return Args{} },
	Flags: func(fs *flag.FlagSet, _ time.Time) func() (Args, error) {
		deleted := fs.Bool("deleted", false, "count soft-deleted todos too")
		return func() (Args, error) { return Args{Deleted: *deleted}, nil }
	},
	Run: func(ctx context.Context, env jobs.Env, _ struct{}, a Args, complete jobs.CompleteFunc) (jobs.Result, error) {
		tx, err := env.Pool.Begin(ctx)
		if err != nil {
			return nil, fmt.Errorf("begin: %w", err)
		}
		defer func() { _ = tx.Rollback(ctx) }() // a no-op after Commit
		var n int64
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM todos WHERE $1 OR deleted_at IS NULL`, a.Deleted).Scan(&n); err != nil {
			return nil, fmt.Errorf("count todos: %w", err)
		}
		// The job's result and its completion commit together (nil outside River).
		if complete != nil {
			if err := complete(ctx, tx); err != nil {
				return nil, fmt.Errorf("complete job: %w", err)
			}
		}
		if err := tx.Commit(ctx); err != nil {
			return nil, fmt.Errorf("commit: %w", err)
		}
		return jobs.Result{"todos", n}, nil
	},
})
