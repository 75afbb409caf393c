package exporttodos_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/awsconfig"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/batchtest"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/catalogue"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/config"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/export"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs/exporttodos"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/worker"
)

// refusing answers S3 writes to keys containing one user id with a 403, which the SDK does not retry,
// while on is set, and passes every other request to the real local S3.
type refusing struct {
	user string
	on   atomic.Bool
}

func (r *refusing) Do(req *http.Request) (*http.Response, error) {
	if r.on.Load() && req.Method == http.MethodPut && strings.Contains(req.URL.Path, r.user) {
		return &http.Response{
			StatusCode: http.StatusForbidden, Status: "403 Forbidden", Request: req, Header: http.Header{},
			Body: io.NopCloser(strings.NewReader(`<Error><Code>AccessDenied</Code><Message>injected</Message></Error>`)),
		}, nil
	}
	return http.DefaultClient.Do(req)
}

// TestRetry_FailedUserQueuedAndRetriedByRiver: through a River worker, one user's upload is
// refused; the day's job still completes with the other users exported, and queues a job for
// that user alone, RetryDelay later, which exports it once S3 accepts it.
func TestRetry_FailedUserQueuedAndRetriedByRiver(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, pool := batchtest.NewDatabase(t)
	batchtest.Fixture{Users: 3, TodosPerUser: 2}.Insert(t, pool)
	bucket := batchtest.NewBucket(t)
	bad := batchtest.UserID(2)
	transport := &refusing{user: bad.String()}
	transport.on.Store(true)
	awsCfg, err := awsconfig.Load(ctx, batchtest.AWSGetenv(t))
	require.NoError(t, err)
	s3c := s3.NewFromConfig(awsCfg, func(o *s3.Options) { o.UsePathStyle = true; o.HTTPClient = transport })

	cfg, err := config.Load(ctx, func(string) string { return "" }, config.Request{Jobs: catalogue.All()})
	require.NoError(t, err)
	cfg.Jobs[exporttodos.Kind] = exporttodos.Settings{Bucket: bucket, Prefix: "todos/", BatchSize: 2, MaxFailures: 5}
	now := time.Date(2026, 11, 30, 0, 30, 0, 0, time.UTC)
	runner := &worker.Runner{Pool: pool, Config: cfg, Jobs: jobs.Catalogue{exporttodos.Spec}, S3: s3c,
		Log: slog.New(slog.DiscardHandler), Now: func() time.Time { return now }}
	client, err := worker.NewClient(runner, worker.ClientOptions{Work: true, Periodic: []jobs.Spec{}, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	require.NoError(t, client.Start(ctx))
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = client.Stop(stopCtx)
	})
	events, cancel := client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
	defer cancel()
	waitFor := func(id int64) *river.Event {
		t.Helper()
		timeout := time.After(60 * time.Second) // a hang guard, not a performance limit
		for {
			select {
			case ev := <-events:
				if ev.Job.ID == id {
					return ev
				}
			case <-timeout:
				require.FailNow(t, "no event for the job within a minute", "job %d", id)
			}
		}
	}

	day := "2026-11-30"
	first, err := client.Insert(ctx, exporttodos.Args{Day: day}, nil)
	require.NoError(t, err)
	require.Equal(t, river.EventKindJobCompleted, waitFor(first.Job.ID).Kind, "the day's job completes despite the failed user")

	list := func(prefix string) map[string]bool {
		out, err := s3c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
		require.NoError(t, err)
		keys := map[string]bool{}
		for _, o := range out.Contents {
			keys[aws.ToString(o.Key)] = true
		}
		return keys
	}
	got := list("todos/" + day + "/")
	assert.Len(t, got, 2)
	assert.NotContains(t, got, "todos/"+export.Key(day, bad))

	var (
		retryID     int64
		users       []uuid.UUID
		state       string
		scheduledAt time.Time
	)
	require.NoError(t, pool.QueryRow(ctx, `SELECT id, (SELECT array_agg(u::uuid) FROM jsonb_array_elements_text(args->'users') u),
			state, scheduled_at FROM river_job WHERE kind = $1 AND id <> $2`, exporttodos.Kind, first.Job.ID).
		Scan(&retryID, &users, &state, &scheduledAt))
	assert.Equal(t, []uuid.UUID{bad}, users, "the retry job names the failed user only")
	assert.Equal(t, string(rivertype.JobStateScheduled), state)
	assert.True(t, scheduledAt.Equal(now.Add(exporttodos.RetryDelay)), "scheduled RetryDelay after the run: %s", scheduledAt)

	// S3 accepts the user again; the retry runs now instead of in five minutes.
	transport.on.Store(false)
	_, err = client.JobRetry(ctx, retryID)
	require.NoError(t, err)
	require.Equal(t, river.EventKindJobCompleted, waitFor(retryID).Kind)
	assert.Len(t, list("todos/"+day+"/"), 3, "the failed user is exported by the retry")
}
