// Package jobs names todo-batch's job kinds, their River arguments and their schedules: the
// catalogue that `todo-batch jobs` prints and that `run`, `enqueue` and the worker validate
// job names against.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
)

// Job kinds. They are stored in river_job.kind, so renaming one strands queued jobs.
const (
	// KindDueReminders mails each user about their todos that fall due soon.
	KindDueReminders = "due_reminders"
	// KindPurgeDeleted hard-deletes todos soft-deleted long enough ago.
	KindPurgeDeleted = "purge_deleted"
	// KindExportTodos writes each user's todos as CSV to the export bucket.
	KindExportTodos = "export_todos"
)

// DayLayout is the format of export days: a UTC calendar date.
const DayLayout = "2006-01-02"

// CompleteFunc marks the running job completed inside tx, so that a job's last batch of
// side effects and its completion commit together. It is nil when a job runs outside River
// (the one-shot `run` mode), where there is no job row to complete.
type CompleteFunc func(ctx context.Context, tx pgx.Tx) error

// DueRemindersArgs are the arguments of a due_reminders job. The zero value is the normal
// periodic job; all options fall back to the service configuration.
type DueRemindersArgs struct {
	// Window overrides REMINDER_WINDOW when positive: todos due within this duration from
	// now are reminded.
	Window time.Duration `json:"window,omitempty"`
}

// Kind returns the River job kind.
func (DueRemindersArgs) Kind() string { return KindDueReminders }

// PurgeDeletedArgs are the arguments of a purge_deleted job.
type PurgeDeletedArgs struct {
	// Before, when set, purges todos soft-deleted before this instant instead of the
	// default now minus PURGE_AFTER. A fixed instant makes a rerun purge the same set.
	Before time.Time `json:"before,omitzero"`
}

// Kind returns the River job kind.
func (PurgeDeletedArgs) Kind() string { return KindPurgeDeleted }

// ExportTodosArgs are the arguments of an export_todos job.
type ExportTodosArgs struct {
	// Day is the UTC date (YYYY-MM-DD) the export is filed under. Objects are keyed by
	// day and user, so a rerun for the same day overwrites the same objects.
	Day string `json:"day" river:"unique"`
}

// Kind returns the River job kind.
func (ExportTodosArgs) Kind() string { return KindExportTodos }

// Validate reports whether Day is a valid date.
func (a ExportTodosArgs) Validate() error {
	if _, err := time.Parse(DayLayout, a.Day); err != nil {
		return fmt.Errorf("day %q: want a date as YYYY-MM-DD: %w", a.Day, err)
	}
	return nil
}

// Spec describes one job kind for the catalogue.
type Spec struct {
	// Kind is the job kind, also the name used on the command line.
	Kind string
	// Schedule is the periodic schedule the worker's leader enqueues the job on.
	Schedule river.PeriodicSchedule
	// ScheduleText describes Schedule for people.
	ScheduleText string
	// UniquePeriod is the uniqueness period of the periodic job: at most one job of this
	// kind (and arguments) is inserted per period, whoever the leader is.
	UniquePeriod time.Duration
	// Description says what the job does.
	Description string
	// Periodic returns the arguments of the periodic job for the instant now.
	Periodic func(now time.Time) river.JobArgs
}

// Catalogue returns every job kind, in the order `todo-batch jobs` prints them.
func Catalogue() []Spec {
	return []Spec{
		{
			Kind:         KindDueReminders,
			Schedule:     river.PeriodicInterval(time.Minute),
			ScheduleText: "every minute",
			UniquePeriod: time.Minute,
			Description:  "mail each user once about open todos due within REMINDER_WINDOW",
			Periodic:     func(time.Time) river.JobArgs { return DueRemindersArgs{} },
		},
		{
			Kind:         KindPurgeDeleted,
			Schedule:     DailyAt(3, 0),
			ScheduleText: "daily at 03:00 UTC",
			UniquePeriod: 24 * time.Hour,
			Description:  "hard-delete todos soft-deleted more than PURGE_AFTER ago, in batches",
			Periodic:     func(time.Time) river.JobArgs { return PurgeDeletedArgs{} },
		},
		{
			Kind:         KindExportTodos,
			Schedule:     DailyAt(0, 30),
			ScheduleText: "daily at 00:30 UTC",
			UniquePeriod: 24 * time.Hour,
			Description:  "write each user's todos as CSV to EXPORT_BUCKET under <day>/<user>.csv",
			Periodic: func(now time.Time) river.JobArgs {
				return ExportTodosArgs{Day: now.UTC().Format(DayLayout)}
			},
		},
	}
}

// ErrUnknownKind is returned (wrapped) by Lookup for a name that is not a job kind.
var ErrUnknownKind = errors.New("unknown job")

// Lookup returns the spec of the job kind name, or an error wrapping ErrUnknownKind that
// lists the valid names.
func Lookup(name string) (Spec, error) {
	i := slices.IndexFunc(Catalogue(), func(s Spec) bool { return s.Kind == name })
	if i < 0 {
		return Spec{}, fmt.Errorf("%w %q; one of: %s", ErrUnknownKind, name, strings.Join(Kinds(), ", "))
	}
	return Catalogue()[i], nil
}

// Kinds returns the names of every job kind.
func Kinds() []string {
	var kinds []string
	for _, s := range Catalogue() {
		kinds = append(kinds, s.Kind)
	}
	return kinds
}
