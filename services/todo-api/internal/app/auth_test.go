package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/app"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
)

func TestAuth_MintToken(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := newFakeStore()
	a := app.NewAuth(store, 0, nil)

	u, token, err := a.MintToken(ctx, "alice@example.com", "", "cli")
	require.NoError(t, err)
	require.Equal(t, "alice", u.DisplayName, "the name defaults to the local part")
	got, err := a.Authenticate(ctx, token)
	require.NoError(t, err)
	require.Equal(t, u.ID, got.ID)

	_, _, err = a.MintToken(ctx, "not an address", "", "cli")
	require.Equal(t, domain.KindInvalid, domain.KindOf(err))
	_, err = a.StoreToken(ctx, "bob@example.com", "", "cli", "short")
	require.Equal(t, domain.KindUnauthenticated, domain.KindOf(err))
}

func TestAuth_Authenticate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := newFakeStore()
	now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	a := app.NewAuth(store, 10*time.Second, func() time.Time { return now })
	_, token, err := a.MintToken(ctx, "alice@example.com", "", "cli")
	require.NoError(t, err)

	_, err = a.Authenticate(ctx, "garbage")
	require.Equal(t, domain.KindUnauthenticated, domain.KindOf(err))
	require.Zero(t, store.lookups, "malformed tokens never reach the store")
	_, err = a.Authenticate(ctx, domain.NewToken())
	require.Equal(t, domain.KindUnauthenticated, domain.KindOf(err))

	store.lookups = 0
	for range 3 {
		_, err = a.Authenticate(ctx, token)
		require.NoError(t, err)
	}
	require.Equal(t, 1, store.lookups, "successful lookups are cached")

	store.revokeAll()
	_, err = a.Authenticate(ctx, token)
	require.NoError(t, err, "a revoked token works until the cache entry expires")
	now = now.Add(11 * time.Second)
	_, err = a.Authenticate(ctx, token)
	require.Equal(t, domain.KindUnauthenticated, domain.KindOf(err), "and not after")
}
