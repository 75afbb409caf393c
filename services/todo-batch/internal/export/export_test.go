package export_test

import (
	"context"
	"encoding/csv"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/batchtest"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/export"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/s3store"
)

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// objects returns every object in bucket under prefix, key to body.
func objects(t *testing.T, client *s3.Client, bucket, prefix string) map[string]string {
	t.Helper()
	ctx := context.Background()
	out, err := client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	require.NoError(t, err)
	got := map[string]string{}
	for _, o := range out.Contents {
		obj, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: o.Key})
		require.NoError(t, err)
		body, err := io.ReadAll(obj.Body)
		require.NoError(t, err)
		require.NoError(t, obj.Body.Close())
		got[aws.ToString(o.Key)] = string(body)
	}
	return got
}

func TestJob_Run_TwiceIdentical(t *testing.T) {
	t.Parallel()
	_, pool := batchtest.NewDatabase(t)
	due := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	batchtest.Fixture{Users: 3, TodosPerUser: 4, DueIn: time.Hour, Now: due.Add(-time.Hour)}.Insert(t, pool)
	ctx := context.Background()
	// A title that needs CSV quoting, and a deleted todo that is not exported.
	_, err := pool.Exec(ctx, `UPDATE todos SET title = 'milk, "oat"', notes = 'line 1
line 2' WHERE id = $1`, batchtest.TodoID(1, 1))
	require.NoError(t, err)
	_, err = pool.Exec(ctx, `UPDATE todos SET deleted_at = now() WHERE id = $1`, batchtest.TodoID(1, 2))
	require.NoError(t, err)

	client := batchtest.S3Client(t)
	bucket := batchtest.NewBucket(t)
	job := export.New(pool, s3store.New(client, bucket, "todos/"), discard())
	opts := export.Options{Day: "2026-11-29", UserBatchSize: 2}

	res, err := job.Run(ctx, opts, nil)
	require.NoError(t, err)
	assert.Equal(t, export.Result{Objects: 3, Todos: 11}, res)
	first := objects(t, client, bucket, "todos/2026-11-29/")
	require.Len(t, first, 3)

	body := first["todos/"+export.Key("2026-11-29", batchtest.UserID(1))]
	records, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.Len(t, records, 1+3, "header and three live todos")
	assert.Equal(t, export.Header, records[0])
	var found bool
	for _, r := range records[1:] {
		if r[0] == batchtest.TodoID(1, 1).String() {
			found = true
			assert.Equal(t, `milk, "oat"`, r[1])
			assert.Equal(t, "line 1\nline 2", r[2])
			assert.Equal(t, "open", r[3])
			assert.Equal(t, "2026-12-01T09:30:01.000000Z", r[4])
		}
		assert.NotEqual(t, batchtest.TodoID(1, 2).String(), r[0], "deleted todos are not exported")
	}
	assert.True(t, found, "todo 1 of user 1 is exported")

	_, err = job.Run(ctx, opts, nil)
	require.NoError(t, err)
	assert.Equal(t, first, objects(t, client, bucket, "todos/2026-11-29/"), "a rerun writes the same keys with the same bytes")
}

func TestJob_Run_BadDay(t *testing.T) {
	t.Parallel()
	_, err := export.New(nil, nil, discard()).Run(context.Background(), export.Options{Day: "29/11/2026", UserBatchSize: 1}, nil)
	require.ErrorContains(t, err, `export: day "29/11/2026": want a date as YYYY-MM-DD`)
}
