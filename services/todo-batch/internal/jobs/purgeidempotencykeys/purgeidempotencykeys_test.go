package purgeidempotencykeys_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/envconfig"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/batchtest"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs/purgeidempotencykeys"
)

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

var now = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// seed creates 2 users with 7 keys each: keys 1-5 created 2 days ago (expired), key 6 created
// 23 hours ago and key 7 an hour ago (both still replayed by todo-api).
func seed(t *testing.T) *pgxpool.Pool {
	t.Helper()
	_, pool := batchtest.NewDatabase(t)
	batchtest.Fixture{Users: 2}.Insert(t, pool)
	_, err := pool.Exec(context.Background(), `INSERT INTO idempotency_keys (owner_id, key, request_hash, status_code, created_at)
		SELECT md5('user-' || i)::uuid, 'key-' || k, '\x00'::bytea, 201,
			CASE WHEN k <= 5 THEN $1::timestamptz - interval '48 hours' + make_interval(secs => k)
			     WHEN k = 6 THEN $1::timestamptz - interval '23 hours'
			     ELSE $1::timestamptz - interval '1 hour' END
		FROM generate_series(1, 2) i, generate_series(1, 7) k`, now)
	require.NoError(t, err)
	return pool
}

func keys(t *testing.T, pool *pgxpool.Pool) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT owner_id || '/' || key FROM idempotency_keys ORDER BY 1`)
	require.NoError(t, err)
	got, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	return got
}

// TestSpec_Run: the job as the worker runs it (clock injected): 10 expired keys go in batches
// of 4 (4+4+2), the job is completed with the last batch, the 4 live keys stay; a second run
// deletes nothing.
func TestSpec_Run(t *testing.T) {
	t.Parallel()
	pool := seed(t)
	env := jobs.Env{Pool: pool, Log: discard(), Now: func() time.Time { return now }}
	settings := purgeidempotencykeys.Settings{After: purgeidempotencykeys.DefaultAfter, BatchSize: 4}
	completed := 0
	complete := func(context.Context, pgx.Tx) error { completed++; return nil }

	res, err := purgeidempotencykeys.Spec.Run(context.Background(), env, settings, purgeidempotencykeys.Args{}, complete)
	require.NoError(t, err)
	assert.Equal(t, jobs.Result{"deleted", int64(10), "batches", 3}, res)
	assert.Equal(t, 1, completed)
	assert.Len(t, keys(t, pool), 4)
	var young int
	require.NoError(t, pool.QueryRow(context.Background(), `SELECT count(*) FROM idempotency_keys WHERE key IN ('key-6', 'key-7')`).Scan(&young))
	assert.Equal(t, 4, young, "keys inside the window are kept")

	res, err = purgeidempotencykeys.Spec.Run(context.Background(), env, settings, purgeidempotencykeys.Args{}, complete)
	require.NoError(t, err)
	assert.Equal(t, jobs.Result{"deleted", int64(0), "batches", 1}, res, "a rerun deletes nothing")
	assert.Equal(t, 2, completed)
}

func TestSpec_Run_RefusesCutOffInsideWindow(t *testing.T) {
	t.Parallel()
	env := jobs.Env{Log: discard(), Now: func() time.Time { return now }}
	settings := purgeidempotencykeys.Settings{After: purgeidempotencykeys.DefaultAfter, BatchSize: 4}
	_, err := purgeidempotencykeys.Spec.Run(context.Background(), env, settings,
		purgeidempotencykeys.Args{Before: now.Add(-23 * time.Hour)}, nil)
	require.EqualError(t, err, "purge idempotency keys before 2026-11-29T13:00:00Z: less than the 24h0m0s window ago")
}

// TestPurge_StoppedHalfwayThenRerun: stopped after one committed batch, then run again: the
// same keys remain as after one uninterrupted run.
func TestPurge_StoppedHalfwayThenRerun(t *testing.T) {
	t.Parallel()
	before := now.Add(-purgeidempotencykeys.DefaultAfter)
	full := seed(t)
	_, err := purgeidempotencykeys.Purge(context.Background(), full, discard(), purgeidempotencykeys.Options{Before: before, BatchSize: 3}, nil)
	require.NoError(t, err)

	halted := seed(t)
	ctx, cancel := context.WithCancel(context.Background())
	res, err := purgeidempotencykeys.Purge(ctx, halted, discard(), purgeidempotencykeys.Options{
		Before: before, BatchSize: 3,
		Progress: func(r purgeidempotencykeys.Result) {
			if r.Batches == 1 {
				cancel()
			}
		},
	}, nil)
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, int64(3), res.Deleted)
	require.Len(t, keys(t, halted), 14-3)

	res, err = purgeidempotencykeys.Purge(context.Background(), halted, discard(), purgeidempotencykeys.Options{Before: before, BatchSize: 3}, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(7), res.Deleted)
	assert.Equal(t, keys(t, full), keys(t, halted), "same end state as one full run")
}

// TestPurge_SkipsLockedKey: a key todo-api holds locked (claiming it again) is left for the
// next run instead of being waited for.
func TestPurge_SkipsLockedKey(t *testing.T) {
	t.Parallel()
	pool := seed(t)
	ctx := context.Background()
	tx, err := pool.Begin(ctx)
	require.NoError(t, err)
	defer func() { _ = tx.Rollback(ctx) }()
	_, err = tx.Exec(ctx, `SELECT 1 FROM idempotency_keys WHERE owner_id = $1 AND key = 'key-1' FOR UPDATE`, batchtest.UserID(1))
	require.NoError(t, err)

	res, err := purgeidempotencykeys.Purge(ctx, pool, discard(), purgeidempotencykeys.Options{Before: now.Add(-purgeidempotencykeys.DefaultAfter), BatchSize: 100}, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(9), res.Deleted)
}

func TestPurge_BadOptions(t *testing.T) {
	t.Parallel()
	_, err := purgeidempotencykeys.Purge(context.Background(), nil, discard(), purgeidempotencykeys.Options{BatchSize: 1}, nil)
	require.EqualError(t, err, "purge idempotency keys: cut-off instant is required")
	_, err = purgeidempotencykeys.Purge(context.Background(), nil, discard(), purgeidempotencykeys.Options{Before: now}, nil)
	require.EqualError(t, err, "purge idempotency keys: batch size 0: must be positive")
}

func TestReadSettings(t *testing.T) {
	t.Parallel()
	r := envconfig.New(func(string) string { return "" })
	s := purgeidempotencykeys.ReadSettings(r)
	require.NoError(t, r.Err())
	assert.Equal(t, purgeidempotencykeys.Settings{After: 25 * time.Hour, BatchSize: 1000}, s)

	r = envconfig.New(func(name string) string {
		if name == purgeidempotencykeys.EnvAfter {
			return "23h"
		}
		return ""
	})
	purgeidempotencykeys.ReadSettings(r)
	require.ErrorContains(t, r.Err(), "IDEMPOTENCY_PURGE_AFTER: 23h0m0s is shorter than todo-api's idempotency window (24h0m0s)")
}

// TestWindow_IsTodoAPIs: Window copies todo-api's IdempotencyWindow (another module's internal
// package, which cannot be imported); this fails when the two drift apart.
func TestWindow_IsTodoAPIs(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join(batchtest.RepoRoot(t), "services", "todo-api", "internal", "postgres", "todos.go"))
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^const IdempotencyWindow = (\d+) \* time\.(Hour|Minute|Second)$`).FindSubmatch(src)
	require.NotNil(t, m, "todo-api's IdempotencyWindow is no longer `N * time.Unit`: update this test")
	n, err := strconv.Atoi(string(m[1]))
	require.NoError(t, err)
	unit := map[string]time.Duration{"Hour": time.Hour, "Minute": time.Minute, "Second": time.Second}[string(m[2])]
	assert.Equal(t, time.Duration(n)*unit, purgeidempotencykeys.Window)
}
