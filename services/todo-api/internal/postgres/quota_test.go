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

// TestStore_CreateTodo_QuotaUnderConcurrency races many creates of one user against a small
// quota: exactly the quota is created, every other create is KindQuotaExceeded, a replay of
// an earlier Idempotency-Key is still answered, another user is unaffected, and deleting a
// todo frees a place.
func TestStore_CreateTodo_QuotaUnderConcurrency(t *testing.T) {
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
	require.Equal(t, quota-1, created, "the quota is never overshot")
	items, err := s.ListTodos(ctx, alice.ID, domain.ListQuery{Limit: 200})
	require.NoError(t, err)
	require.Len(t, items, quota)

	again, replayed, err := s.CreateTodo(ctx, newTodo(t, alice.ID, "first"), key, quota)
	require.NoError(t, err, "a replay creates nothing, so the quota does not refuse it")
	require.True(t, replayed)
	require.Equal(t, first.ID, again.ID)

	_, _, err = s.CreateTodo(ctx, newTodo(t, bob.ID, "bob's"), nil, quota)
	require.NoError(t, err, "the quota is per user")

	require.NoError(t, s.DeleteTodo(ctx, alice.ID, first.ID, nil, first.CreatedAt))
	_, _, err = s.CreateTodo(ctx, newTodo(t, alice.ID, "after delete"), nil, quota)
	require.NoError(t, err, "a deleted todo no longer counts")
}
