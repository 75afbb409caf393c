package postgres_test

import (
	"context"
	"crypto/sha256"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/app"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
)

// TestStore_CreateTodo_Quota: creates stop at the quota (KindQuotaExceeded naming it), with and
// without an Idempotency-Key; racing creates overshoot it by at most the creates in flight; a
// replay of an earlier key is still answered; another user is unaffected; deleting a todo
// frees a place.
func TestStore_CreateTodo_Quota(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	alice, bob := newUser(t, s, "alice@example.com"), newUser(t, s, "bob@example.com")
	const quota, n = 5, 20
	key := &app.IdempotencyKey{Key: "first", RequestHash: sha256.Sum256([]byte("first"))}
	first, _, err := s.CreateTodo(ctx, newTodo(t, alice.ID, "first"), key, quota)
	require.NoError(t, err)

	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { _, _, errs[i] = s.CreateTodo(ctx, newTodo(t, alice.ID, "x"), nil, quota) })
	}
	wg.Wait()
	created := 0
	for _, err := range errs {
		if err == nil {
			created++
			continue
		}
		require.Equal(t, domain.KindQuotaExceeded, domain.KindOf(err), "%v", err)
		require.ErrorContains(t, err, "at most 5 todos per user")
	}
	require.GreaterOrEqual(t, created, quota-1, "the quota is reached")
	require.Less(t, created, quota-1+n, "racing creates overshoot by less than the creates in flight")
	_, _, err = s.CreateTodo(ctx, newTodo(t, alice.ID, "one more"), nil, quota)
	require.Equal(t, domain.KindQuotaExceeded, domain.KindOf(err), "at the quota, a create is refused")
	_, _, err = s.CreateTodo(ctx, newTodo(t, alice.ID, "keyed"), &app.IdempotencyKey{Key: "new", RequestHash: sha256.Sum256([]byte("new"))}, quota)
	require.Equal(t, domain.KindQuotaExceeded, domain.KindOf(err), "a create with a new key is refused too")
	items, err := s.ListTodos(ctx, alice.ID, domain.ListQuery{Limit: 200})
	require.NoError(t, err)
	require.Len(t, items, 1+created)

	again, replayed, err := s.CreateTodo(ctx, newTodo(t, alice.ID, "first"), key, quota)
	require.NoError(t, err, "a replay creates nothing, so the quota does not refuse it")
	require.True(t, replayed)
	require.Equal(t, first.ID, again.ID)

	_, _, err = s.CreateTodo(ctx, newTodo(t, bob.ID, "bob's"), nil, quota)
	require.NoError(t, err, "the quota is per user")

	for _, td := range items[:len(items)-quota+1] {
		require.NoError(t, s.DeleteTodo(ctx, alice.ID, td.ID, nil, td.CreatedAt))
	}
	_, _, err = s.CreateTodo(ctx, newTodo(t, alice.ID, "after delete"), nil, quota)
	require.NoError(t, err, "deleted todos no longer count")
}
