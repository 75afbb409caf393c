package worker_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/metrics"
	"github.com/tsumiki-dev/tsumiki/libs/kit/syncbuf"
	"github.com/tsumiki-dev/tsumiki/libs/mailer"
	todobatch "github.com/tsumiki-dev/tsumiki/services/todo-batch"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/advisorylock"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/batchmetrics"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/batchtest"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs/duereminders"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs/purgedeleted"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/worker"
)

// withMetrics gives runner the CloudWatch metrics as the service wires them, writing to a
// buffer; flush returns the records written so far.
func withMetrics(t *testing.T, runner *worker.Runner) (flush func() []metrics.Record) {
	t.Helper()
	logs := &syncbuf.Buffer{}
	spec := todobatch.Observability()
	em, err := metrics.New(spec, metrics.Options{Logger: slog.New(slog.NewJSONHandler(logs, nil)), Environment: "local", Service: todobatch.ServiceName})
	require.NoError(t, err)
	runner.Metrics, err = batchmetrics.New(em, spec)
	require.NoError(t, err)
	require.Empty(t, em.Unrecorded(), "every metric of observability.yaml is recorded by the code")
	return func() []metrics.Record {
		em.Flush(context.Background())
		recs, err := metrics.ParseRecords([]byte(logs.String()))
		require.NoError(t, err)
		return recs
	}
}

// failingQueue is a mail client whose queue is down.
type failingQueue struct{}

func (failingQueue) SendBatch(_ context.Context, mails []mailer.Mail) ([]mailer.Result, error) {
	res := make([]mailer.Result, len(mails))
	for i := range res {
		res[i].Err = errors.New("sqs: service unavailable")
	}
	return res, nil
}

// TestRunner_JobMetrics proves the job alarm family's metrics (JobRuns, JobFailures and
// JobDuration) are emitted as observability.yaml defines them, for a completed, a failed
// and a snoozed attempt run by the Runner (the path of both the worker and `run`).
func TestRunner_JobMetrics(t *testing.T) {
	t.Parallel()
	_, pool := batchtest.NewDatabase(t)
	batchtest.Fixture{Users: 2, TodosPerUser: 1, DueIn: 5 * time.Minute}.Insert(t, pool)
	runner := newRunner(t, pool, failingQueue{})
	flush := withMetrics(t, runner)
	ctx := context.Background()

	require.NoError(t, runner.Run(ctx, purgedeleted.Args{}, nil))
	require.ErrorContains(t, runner.Run(ctx, duereminders.Args{}, nil), "service unavailable")
	lock, err := advisorylock.TryAcquire(ctx, pool, purgedeleted.Kind)
	require.NoError(t, err)
	require.ErrorIs(t, runner.Run(ctx, purgedeleted.Args{}, nil), advisorylock.ErrHeld)
	require.NoError(t, lock.Release(ctx))
	recs := flush()

	spec := todobatch.Observability()
	base := map[string]string{"Environment": "local", "Service": todobatch.ServiceName}
	failed := map[string]string{"JobKind": duereminders.Kind, "Outcome": batchmetrics.OutcomeFailed}
	require.NoError(t, metrics.CheckEmitted(spec, recs, "JobRuns", base, 3))
	require.NoError(t, metrics.CheckEmitted(spec, recs, "JobFailures", failed, 1))
	require.NoError(t, metrics.CheckEmitted(spec, recs, "JobDuration", failed, 0))
	require.Equal(t, 1.0, metrics.Sum(recs, "JobFailures", base), "only the failed attempt counts")
	require.Equal(t, 1.0, metrics.Sum(recs, "JobRuns", map[string]string{"JobKind": purgedeleted.Kind, "Outcome": batchmetrics.OutcomeCompleted}))
	require.Equal(t, 1.0, metrics.Sum(recs, "JobRuns", map[string]string{"JobKind": purgedeleted.Kind, "Outcome": batchmetrics.OutcomeSnoozed}))
	require.Len(t, metrics.Samples(recs, "JobDuration", map[string]string{"JobKind": purgedeleted.Kind}), 2)
}

// TestRunner_ReminderFreshnessMetrics proves the reminder freshness SLO's metrics
// (RemindersEnqueued, LateReminders and ReminderLag) are emitted as observability.yaml
// defines them: one reminder enqueued long after its todo entered the reminder window is
// late, one enqueued a minute after is not.
func TestRunner_ReminderFreshnessMetrics(t *testing.T) {
	t.Parallel()
	_, pool := batchtest.NewDatabase(t)
	ctx := context.Background()
	now := time.Now()
	// User 2's todo enters the one-hour window 5 minutes from now; the run below happens 6
	// minutes from now (an injected clock), so its reminder is a minute old.
	batchtest.Fixture{Users: 2, TodosPerUser: 1, DueIn: 65 * time.Minute, Now: now}.Insert(t, pool)
	// User 1's todo fell due 10 minutes ago, unchanged for two hours: the reminder pipeline
	// missed it for 76 minutes.
	_, err := pool.Exec(ctx, `UPDATE todos SET due_at = $2, updated_at = $3 WHERE owner_id = $1`,
		batchtest.UserID(1), now.Add(-10*time.Minute), now.Add(-2*time.Hour))
	require.NoError(t, err)
	sender := &recorder{}
	runner := newRunner(t, pool, sender)
	runner.Now = func() time.Time { return now.Add(6 * time.Minute) }
	flush := withMetrics(t, runner)

	require.NoError(t, runner.Run(ctx, duereminders.Args{}, nil))
	require.Equal(t, 2, sender.sent())
	recs := flush()

	spec := todobatch.Observability()
	slo, ok := spec.SLO(batchmetrics.FreshnessSLO)
	require.True(t, ok)
	base := map[string]string{"Environment": "local", "Service": todobatch.ServiceName}
	require.NoError(t, metrics.CheckEmitted(spec, recs, slo.Total, base, 2))
	require.NoError(t, metrics.CheckEmitted(spec, recs, slo.Bad, base, 1))
	require.NoError(t, metrics.CheckEmitted(spec, recs, "ReminderLag", base, 0))
	require.Equal(t, 1.0, metrics.Sum(recs, slo.Bad, base), "the fresh reminder is not late")
	lags := metrics.Samples(recs, "ReminderLag", base)
	require.Len(t, lags, 2)
	require.InDelta(t, time.Minute.Milliseconds(), min(lags[0], lags[1]), 1000)
	require.InDelta(t, (76 * time.Minute).Milliseconds(), max(lags[0], lags[1]), 1000)
}
