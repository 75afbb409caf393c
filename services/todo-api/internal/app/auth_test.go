package app_test

import (
	"context"
	"strings"
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
	_, _, err = a.StoreToken(ctx, "bob@example.com", "", "cli", "short", time.Hour)
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

func TestAuth_MintTokenFor(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	a := app.NewAuth(newFakeStore(), 0, func() time.Time { return now }).
		WithTokenPolicy(app.TokenPolicy{DefaultTTL: 24 * time.Hour, MaxTTL: 48 * time.Hour})
	tests := []struct {
		name      string
		expiresIn time.Duration
		want      time.Time
		wantErr   string
	}{
		{name: "Default", expiresIn: 0, want: now.Add(24 * time.Hour)},
		{name: "Chosen", expiresIn: time.Hour, want: now.Add(time.Hour)},
		{name: "Maximum", expiresIn: 48 * time.Hour, want: now.Add(48 * time.Hour)},
		{name: "OverMaximum", expiresIn: 49 * time.Hour, wantErr: "expires_in must be positive and at most 48h0m0s (TOKEN_MAX_TTL), got 49h0m0s"},
		{name: "Negative", expiresIn: -time.Hour, wantErr: "expires_in must be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, tok, secret, err := a.MintTokenFor(ctx, "alice@example.com", "", "cli", tt.expiresIn)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				require.Equal(t, domain.KindInvalid, domain.KindOf(err))
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, tok.ExpiresAt)
			require.True(t, strings.HasPrefix(secret, domain.TokenPrefix))
		})
	}
}

// TestAuth_Expiry: a token stops working at its expiry, also when the cache holds it.
func TestAuth_Expiry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	a := app.NewAuth(newFakeStore(), 10*time.Second, func() time.Time { return now })
	_, _, token, err := a.MintTokenFor(ctx, "alice@example.com", "", "cli", time.Minute)
	require.NoError(t, err)
	now = now.Add(55 * time.Second)
	_, err = a.Authenticate(ctx, token)
	require.NoError(t, err, "cached now for 10 s, but only until the expiry 5 s later")
	now = now.Add(5 * time.Second)
	_, err = a.Authenticate(ctx, token)
	require.Equal(t, domain.KindUnauthenticated, domain.KindOf(err), "refused at its expiry although cached")
}

// TestAuth_LastUsed: authentication records a token's use at most once a minute.
func TestAuth_LastUsed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := newFakeStore()
	now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	a := app.NewAuth(store, 0, func() time.Time { return now })
	_, token, err := a.MintToken(ctx, "alice@example.com", "", "cli")
	require.NoError(t, err)
	for range 120 { // two minutes of one request a second
		_, err := a.Authenticate(ctx, token)
		require.NoError(t, err)
		now = now.Add(time.Second)
	}
	require.Equal(t, 120, store.lookups, "no cache: every request looks the token up")
	require.Equal(t, 2, store.touches, "but last_used_at is written once a minute")
}

func TestAuth_RevokeTokens(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := newFakeStore()
	a := app.NewAuth(store, 0, nil)
	var ids []string
	var secrets []string
	for range 3 {
		_, tok, secret, err := a.MintTokenFor(ctx, "alice@example.com", "", "cli", 0)
		require.NoError(t, err)
		ids = append(ids, tok.ID.String())
		secrets = append(secrets, secret)
	}
	_, _, err := a.RevokeTokens(ctx, "nobody@example.com", []string{ids[0]}, false)
	require.ErrorIs(t, err, domain.ErrUserNotFound)

	tests := []struct {
		name      string
		selectors []string
		all       bool
		wantErr   string
	}{
		{name: "Neither", wantErr: "give token ids (or prefixes) or all"},
		{name: "Both", selectors: []string{ids[0]}, all: true, wantErr: "give token ids (or prefixes) or all"},
		{name: "TooShort", selectors: []string{"0"}, wantErr: "shorter than 4 characters; the user's tokens: " + strings.Join(ids, ", ")},
		{name: "NoMatch", selectors: []string{"ffffffff"}, wantErr: `"ffffffff" matches none of the user's tokens: ` + strings.Join(ids, ", ")},
		// UUIDv7 ids minted in the same millisecond share their first 12 hex digits.
		{name: "Ambiguous", selectors: []string{ids[0][:4]}, wantErr: "matches several tokens, give more of the id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := a.RevokeTokens(ctx, "alice@example.com", tt.selectors, tt.all)
			require.ErrorContains(t, err, tt.wantErr)
			require.Equal(t, domain.KindInvalid, domain.KindOf(err))
		})
	}

	got, n, err := a.RevokeTokens(ctx, "alice@example.com", []string{strings.ToUpper(ids[1]), ids[1]}, false)
	require.NoError(t, err)
	require.Equal(t, 1, n, "a whole id, in any case, named twice")
	require.Len(t, got, 1)
	require.Equal(t, domain.TokenRevoked, got[0].State(time.Now()))
	_, err = a.Authenticate(ctx, secrets[1])
	require.Equal(t, domain.KindUnauthenticated, domain.KindOf(err))
	_, err = a.Authenticate(ctx, secrets[0])
	require.NoError(t, err, "the others still work")

	got, n, err = a.RevokeTokens(ctx, "alice@example.com", nil, true)
	require.NoError(t, err)
	require.Equal(t, 2, n, "all: the two still live")
	require.Len(t, got, 3)

	live, err := a.LiveTokens(ctx, secrets...)
	require.NoError(t, err)
	require.Empty(t, live)
}
