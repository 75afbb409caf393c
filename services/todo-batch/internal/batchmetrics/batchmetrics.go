// Package batchmetrics records todo-batch's CloudWatch metrics as observability.yaml defines
// them: every job attempt's outcome and duration by job kind (JobRuns, JobFailures,
// JobDuration), and every reminder mail's freshness (RemindersEnqueued, LateReminders,
// ReminderLag), through libs/kit/metrics. A nil *Metrics records nothing, for tests and
// tools that do not look at metrics.
package batchmetrics

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tsumiki-dev/tsumiki/libs/kit/metrics"
)

// The Outcome dimension's values: how one attempt of a job ended.
const (
	// OutcomeCompleted: the job did its work.
	OutcomeCompleted = "completed"
	// OutcomeFailed: the job returned an error, panicked or ran past JOB_TIMEOUT; River
	// retries it later (or discards it after its last attempt).
	OutcomeFailed = "failed"
	// OutcomeSnoozed: another process held the job's advisory lock; it runs again later.
	OutcomeSnoozed = "snoozed"
	// OutcomeCancelled: the process was stopping and cancelled the job; River hands it back.
	OutcomeCancelled = "cancelled"
)

// FreshnessSLO is the key of the reminder freshness SLO in observability.yaml; its
// threshold_ms decides which reminders are LateReminders.
const FreshnessSLO = "reminder-freshness"

// Metrics records todo-batch's metrics.
type Metrics struct {
	jobs      *metrics.Recorder
	reminders *metrics.Recorder
	late      time.Duration
}

// New returns Metrics recording through e, made with spec. It fails when spec lacks one of
// the metrics or the freshness SLO's threshold.
func New(e *metrics.Emitter, spec metrics.Spec) (*Metrics, error) {
	slo, ok := spec.SLO(FreshnessSLO)
	if !ok || slo.ThresholdMS <= 0 {
		return nil, fmt.Errorf("batch metrics: %s has no %s SLO with threshold_ms", metrics.FileName, FreshnessSLO)
	}
	jobs, err := e.Recorder([]string{"JobKind", "Outcome"}, "JobRuns", "JobFailures", "JobDuration")
	if err != nil {
		return nil, fmt.Errorf("batch metrics: %w", err)
	}
	reminders, err := e.Recorder(nil, "RemindersEnqueued", "LateReminders", "ReminderLag")
	if err != nil {
		return nil, fmt.Errorf("batch metrics: %w", err)
	}
	return &Metrics{jobs: jobs, reminders: reminders, late: time.Duration(slo.ThresholdMS) * time.Millisecond}, nil
}

// Outcome classifies how a job attempt run with ctx ended with err; held reports whether it
// ended because another process held the job's lock.
func Outcome(ctx context.Context, err error, held bool) string {
	switch {
	case err == nil:
		return OutcomeCompleted
	case held:
		return OutcomeSnoozed
	case errors.Is(ctx.Err(), context.Canceled):
		return OutcomeCancelled
	default:
		return OutcomeFailed
	}
}

// JobFinished records one attempt of a job of kind that ended with outcome after d.
func (m *Metrics) JobFinished(kind, outcome string, d time.Duration) {
	if m == nil {
		return
	}
	v := metrics.Values{kind, outcome}
	m.jobs.Add(v, "JobRuns", 1)
	var failed float64
	if outcome == OutcomeFailed {
		failed = 1
	}
	m.jobs.Add(v, "JobFailures", failed)
	m.jobs.Add(v, "JobDuration", float64(d.Microseconds())/1000)
}

// LateAfter is the freshness threshold: a reminder enqueued later than this after its
// earliest todo became due for one is late.
func (m *Metrics) LateAfter() time.Duration {
	if m == nil {
		return 0
	}
	return m.late
}

// ReminderEnqueued records one reminder mail accepted by the mail queue, lag after its
// earliest todo became due for a reminder.
func (m *Metrics) ReminderEnqueued(lag time.Duration) {
	if m == nil {
		return
	}
	lag = max(lag, 0)
	m.reminders.Add(metrics.Values{}, "RemindersEnqueued", 1)
	var late float64
	if lag > m.late {
		late = 1
	}
	m.reminders.Add(metrics.Values{}, "LateReminders", late)
	m.reminders.Add(metrics.Values{}, "ReminderLag", float64(lag.Milliseconds()))
}
