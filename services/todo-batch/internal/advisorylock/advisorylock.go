// Package advisorylock keeps two copies of the same todo-batch job from running at once with
// a PostgreSQL session-level advisory lock. The lock lives as long as the database session
// that took it, so a holder that crashes (or is killed with SIGKILL) releases it when the
// server notices the dropped connection.
package advisorylock

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Namespace is the first key of every todo-batch advisory lock (pg_try_advisory_lock(int,
// int)), so that other users of advisory locks in the same database do not collide with
// ours. It spells "tb" in ASCII.
const Namespace int32 = 0x7462

// ErrHeld is returned by TryAcquire when another session holds the lock.
var ErrHeld = errors.New("already running")

// Lock is a held advisory lock. Release it exactly once.
type Lock struct {
	name    string
	release func(ctx context.Context) error
}

// Key returns the second key of the advisory lock for name: a 32-bit FNV-1a hash.
func Key(name string) int32 {
	h := fnv.New32a()
	_, _ = h.Write([]byte(name))
	return int32(h.Sum32()) //nolint:gosec // reinterpreting the 32 hash bits as PostgreSQL's int is the intent
}

// TryAcquire takes the advisory lock for name on a connection it keeps out of the pool until
// Release. It does not wait: if another session holds the lock it returns an error wrapping
// ErrHeld. Other errors come from the pool or the server.
func TryAcquire(ctx context.Context, pool *pgxpool.Pool, name string) (*Lock, error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("acquire connection for lock %s: %w", name, err)
	}
	var ok bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1, $2)", Namespace, Key(name)).Scan(&ok); err != nil {
		conn.Release()
		return nil, fmt.Errorf("try advisory lock %s: %w", name, err)
	}
	if !ok {
		conn.Release()
		return nil, fmt.Errorf("job %s: %w (another process holds its advisory lock)", name, ErrHeld)
	}
	return &Lock{
		name: name,
		release: func(ctx context.Context) error {
			var unlocked bool
			err := conn.QueryRow(ctx, "SELECT pg_advisory_unlock($1, $2)", Namespace, Key(name)).Scan(&unlocked)
			if err != nil || !unlocked {
				// A session that may still hold the lock must not go back to the pool, where
				// it would keep the job locked for as long as the pool lives.
				_ = conn.Hijack().Close(context.WithoutCancel(ctx))
				if err != nil {
					return fmt.Errorf("advisory unlock %s: %w", name, err)
				}
				return fmt.Errorf("advisory unlock %s: lock was not held", name)
			}
			conn.Release()
			return nil
		},
	}, nil
}

// Release unlocks and returns the connection to the pool. If unlocking fails the connection
// is closed instead, which also ends the lock.
func (l *Lock) Release(ctx context.Context) error {
	return l.release(context.WithoutCancel(ctx))
}
