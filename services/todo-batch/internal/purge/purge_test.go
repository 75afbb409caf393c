package purge_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/batchtest"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/purge"
)

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

var now = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// seed creates 5 users with 10 todos each: for every user, todos 1-6 were deleted 40 days
// ago (purgeable), todo 7 was deleted 10 days ago (kept), todos 8-10 are live.
func seed(t *testing.T) *pgxpool.Pool {
	t.Helper()
	_, pool := batchtest.NewDatabase(t)
	batchtest.Fixture{Users: 5, TodosPerUser: 10}.Insert(t, pool)
	_, err := pool.Exec(context.Background(), `
		UPDATE todos SET deleted_at = $1::timestamptz - interval '40 days' + make_interval(secs => substr(title, 6, 1)::int)
		WHERE substr(title, 6, 1)::int BETWEEN 1 AND 6 AND title NOT LIKE 'Todo 10 %'`, now)
	require.NoError(t, err)
	_, err = pool.Exec(context.Background(), `UPDATE todos SET deleted_at = $1::timestamptz - interval '10 days'
		WHERE title LIKE 'Todo 7 %'`, now)
	require.NoError(t, err)
	return pool
}

func remaining(t *testing.T, pool *pgxpool.Pool) []uuid.UUID {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT id FROM todos ORDER BY id`)
	require.NoError(t, err)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
	require.NoError(t, err)
	return ids
}

func TestJob_Run(t *testing.T) {
	t.Parallel()
	pool := seed(t)
	completed := 0
	res, err := purge.New(pool, discard()).Run(context.Background(),
		purge.Options{Before: now.Add(-30 * 24 * time.Hour), BatchSize: 7},
		func(context.Context, pgx.Tx) error { completed++; return nil })
	require.NoError(t, err)
	assert.Equal(t, purge.Result{Batches: 5, Deleted: 30}, res, "30 rows in batches of 7: 7+7+7+7+2")
	assert.Equal(t, 1, completed)
	assert.Len(t, remaining(t, pool), 20)
	var young int
	require.NoError(t, pool.QueryRow(context.Background(), `SELECT count(*) FROM todos WHERE deleted_at IS NOT NULL`).Scan(&young))
	assert.Equal(t, 5, young, "todos deleted 10 days ago are kept")
}

func TestJob_Run_StoppedHalfwayThenRerun(t *testing.T) {
	t.Parallel()
	// One database purged in a single run, one stopped after two batches and run again.
	full := seed(t)
	_, err := purge.New(full, discard()).Run(context.Background(),
		purge.Options{Before: now.Add(-30 * 24 * time.Hour), BatchSize: 7}, nil)
	require.NoError(t, err)

	halted := seed(t)
	ctx, cancel := context.WithCancel(context.Background())
	res, err := purge.New(halted, discard()).Run(ctx, purge.Options{
		Before: now.Add(-30 * 24 * time.Hour), BatchSize: 7,
		Progress: func(r purge.Result) {
			if r.Batches == 2 {
				cancel()
			}
		},
	}, nil)
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, int64(14), res.Deleted)
	require.Len(t, remaining(t, halted), 50-14, "two committed batches are deleted, the rest is not")

	res, err = purge.New(halted, discard()).Run(context.Background(),
		purge.Options{Before: now.Add(-30 * 24 * time.Hour), BatchSize: 7}, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(16), res.Deleted)
	assert.Equal(t, remaining(t, full), remaining(t, halted), "same end state as one full run")
}

func TestJob_Run_BadOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opts    purge.Options
		wantErr string
	}{
		{name: "NoCutOff", opts: purge.Options{BatchSize: 1}, wantErr: "purge: cut-off instant is required"},
		{name: "ZeroBatch", opts: purge.Options{Before: now}, wantErr: "purge batch size 0: must be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := purge.New(nil, discard()).Run(context.Background(), tt.opts, nil)
			require.EqualError(t, err, tt.wantErr)
		})
	}
}
