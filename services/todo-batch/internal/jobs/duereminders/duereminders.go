// Package duereminders is the due_reminders job: every minute, mail each user once about their
// open todos that fall due soon (internal/reminder does the work, internal/remindermail turns
// reminders into mails).
package duereminders

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/tsumiki-dev/tsumiki/libs/kit/envconfig"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/reminder"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/remindermail"
)

// Kind is the job kind. It is stored in river_job.kind, so renaming it strands queued jobs.
const Kind = "due_reminders"

// The job's own environment variables.
const (
	// EnvWindow is the reminder window: todos due within it from now are reminded.
	EnvWindow = "REMINDER_WINDOW"
	// EnvBatchSize is how many due todos one reminder batch scans.
	EnvBatchSize = "REMINDER_BATCH_SIZE"
)

// Args are the arguments of a due_reminders job. The zero value is the normal periodic job;
// all options fall back to the settings.
type Args struct {
	// Window overrides REMINDER_WINDOW when positive: todos due within this duration from
	// now are reminded.
	Window time.Duration `json:"window,omitempty"`
}

// Kind returns the River job kind.
func (Args) Kind() string { return Kind }

// Settings are the job's settings from the environment.
type Settings struct {
	// Window is REMINDER_WINDOW. Defaults to 1h; must be positive.
	Window time.Duration
	// BatchSize is REMINDER_BATCH_SIZE, 1 to 100,000. Defaults to 1000.
	BatchSize int
}

// ReadSettings reads the job's variables through r.
func ReadSettings(r *envconfig.Reader) Settings {
	return Settings{
		Window:    r.PositiveDuration(EnvWindow, time.Hour),
		BatchSize: r.Int(EnvBatchSize, 1000, 1, 100_000),
	}
}

// Spec is the job's definition.
var Spec = jobs.Define(jobs.Definition[Args, Settings]{
	Description:  "mail each user once about open todos due within " + EnvWindow,
	Schedule:     river.PeriodicInterval(time.Minute),
	ScheduleText: "every minute",
	UniquePeriod: time.Minute,
	Periodic:     func(time.Time) Args { return Args{} },
	Flags: func(fs *flag.FlagSet, _ time.Time) func() (Args, error) {
		window := fs.Duration("window", 0, "remind todos due within this duration (default "+EnvWindow+")")
		return func() (Args, error) {
			if *window < 0 {
				return Args{}, fmt.Errorf("-window %s: must be positive", *window)
			}
			return Args{Window: *window}, nil
		}
	},
	Needs:    jobs.Needs{Mail: true},
	Settings: ReadSettings,
	Run: func(ctx context.Context, env jobs.Env, s Settings, a Args, complete jobs.CompleteFunc) (jobs.Result, error) {
		window := s.Window
		if a.Window > 0 {
			window = a.Window
		}
		job := reminder.New(env.Pool, remindermail.New(env.Mail, env.Log).WithMetrics(env.Metrics, env.Now), env.Log)
		res, err := job.Run(ctx, reminder.Options{Window: window, BatchSize: s.BatchSize, Now: env.Now}, complete)
		if err != nil {
			return nil, err
		}
		return jobs.Result{"mails", res.Mails, "todos", res.Todos, "batches", res.Batches}, nil
	},
})
