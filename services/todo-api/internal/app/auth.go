package app

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
)

// UserStore persists users and their API tokens.
type UserStore interface {
	// UserByTokenHash returns the owner of a live (not revoked) token, or
	// domain.ErrUnauthenticated.
	UserByTokenHash(ctx context.Context, h domain.TokenHash) (domain.User, error)
	// EnsureUser returns the user with email (compared case-insensitively), creating it with
	// id and name if there is none.
	EnsureUser(ctx context.Context, id uuid.UUID, email, name string) (domain.User, error)
	// CreateToken stores a token's hash for user under a label.
	CreateToken(ctx context.Context, id, user uuid.UUID, h domain.TokenHash, label string) error
}

// Auth authenticates bearer tokens and mints new ones.
type Auth struct {
	store UserStore
	ttl   time.Duration
	now   func() time.Time

	mu    sync.Mutex
	cache map[domain.TokenHash]cachedUser
}

type cachedUser struct {
	user    domain.User
	expires time.Time
}

// maxCachedTokens bounds the authentication cache's memory; when full it is emptied.
const maxCachedTokens = 10000

// NewAuth returns the authentication use cases. A positive cacheTTL keeps successful lookups
// in memory for that long, sparing the database one query per request; a revoked token then
// keeps working on each instance for up to cacheTTL. Zero disables the cache.
func NewAuth(store UserStore, cacheTTL time.Duration, now func() time.Time) *Auth {
	if now == nil {
		now = time.Now
	}
	return &Auth{store: store, ttl: cacheTTL, now: now, cache: map[domain.TokenHash]cachedUser{}}
}

// Authenticate returns the user a bearer token belongs to. It returns a KindUnauthenticated
// error for malformed, unknown and revoked tokens.
func (a *Auth) Authenticate(ctx context.Context, token string) (domain.User, error) {
	h, err := domain.ParseToken(token)
	if err != nil {
		return domain.User{}, err
	}
	now := a.now()
	if a.ttl > 0 {
		a.mu.Lock()
		c, ok := a.cache[h]
		a.mu.Unlock()
		if ok && now.Before(c.expires) {
			return c.user, nil
		}
	}
	u, err := a.store.UserByTokenHash(ctx, h)
	if err != nil {
		return domain.User{}, fmt.Errorf("authenticate: %w", err)
	}
	if a.ttl > 0 {
		a.mu.Lock()
		if len(a.cache) >= maxCachedTokens {
			clear(a.cache)
		}
		a.cache[h] = cachedUser{user: u, expires: now.Add(a.ttl)}
		a.mu.Unlock()
	}
	return u, nil
}

// MintToken creates the user with email if needed and a new token for it, labelled label.
// The token is returned once; only its hash is stored.
func (a *Auth) MintToken(ctx context.Context, email, name, label string) (domain.User, string, error) {
	token := domain.NewToken()
	u, err := a.StoreToken(ctx, email, name, label, token)
	return u, token, err
}

// StoreToken is MintToken with a caller-chosen token, used by the deterministic fixtures. A
// token that is already stored is left as it is.
func (a *Auth) StoreToken(ctx context.Context, email, name, label, token string) (domain.User, error) {
	email, name, err := domain.NormalizeUser(email, name)
	if err != nil {
		return domain.User{}, err
	}
	h, err := domain.ParseToken(token)
	if err != nil {
		return domain.User{}, err
	}
	userID, err := uuid.NewV7()
	if err != nil {
		return domain.User{}, fmt.Errorf("new user id: %w", err)
	}
	u, err := a.store.EnsureUser(ctx, userID, email, name)
	if err != nil {
		return domain.User{}, fmt.Errorf("ensure user %s: %w", email, err)
	}
	tokenID, err := uuid.NewV7()
	if err != nil {
		return domain.User{}, fmt.Errorf("new token id: %w", err)
	}
	if err := a.store.CreateToken(ctx, tokenID, u.ID, h, label); err != nil {
		return domain.User{}, fmt.Errorf("create token for %s: %w", email, err)
	}
	return u, nil
}
