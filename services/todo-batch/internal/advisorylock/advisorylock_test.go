package advisorylock_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/advisorylock"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/batchtest"
)

func TestTryAcquire(t *testing.T) {
	t.Parallel()
	url, pool := batchtest.NewDatabase(t)
	ctx := context.Background()

	lock, err := advisorylock.TryAcquire(ctx, pool, "due_reminders")
	require.NoError(t, err)
	_, err = advisorylock.TryAcquire(ctx, pool, "due_reminders")
	require.ErrorIs(t, err, advisorylock.ErrHeld, "a second holder is refused")
	other, err := advisorylock.TryAcquire(ctx, pool, "purge_deleted")
	require.NoError(t, err, "another job's lock is independent")
	require.NoError(t, other.Release(ctx))

	require.NoError(t, lock.Release(ctx))
	lock, err = advisorylock.TryAcquire(ctx, pool, "due_reminders")
	require.NoError(t, err, "a released lock can be taken again")
	require.NoError(t, lock.Release(ctx))

	// A holder whose session ends without unlocking (a crashed process) frees the lock.
	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	var ok bool
	require.NoError(t, conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1, $2)", advisorylock.Namespace, advisorylock.Key("due_reminders")).Scan(&ok))
	require.True(t, ok)
	_, err = advisorylock.TryAcquire(ctx, pool, "due_reminders")
	require.ErrorIs(t, err, advisorylock.ErrHeld)
	require.NoError(t, conn.Close(ctx))
	// The server ends the session just after the client hangs up; wait for that, bounded.
	require.Eventually(t, func() bool {
		lock, err = advisorylock.TryAcquire(ctx, pool, "due_reminders")
		return err == nil
	}, 10*time.Second, 10*time.Millisecond, "the lock dies with its session")
	require.NoError(t, lock.Release(ctx))
}

func TestKey(t *testing.T) {
	t.Parallel()
	require.Equal(t, int32(-367168967), advisorylock.Key("due_reminders"), "the key is stable across releases")
	require.NotEqual(t, advisorylock.Key("due_reminders"), advisorylock.Key("purge_deleted"))
}
