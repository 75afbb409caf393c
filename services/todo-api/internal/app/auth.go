package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
)

// UserStore persists users and their API tokens.
type UserStore interface {
	// AuthenticateToken returns the owner of the token with hash h and the token's expiry, if
	// the token is live at now (neither revoked nor expired); otherwise
	// domain.ErrUnauthenticated. It records now as the token's last use when the recorded one
	// is older than usedBefore (or absent), so a token's row is written at most once per
	// domain.LastUsedInterval however often it authenticates.
	AuthenticateToken(ctx context.Context, h domain.TokenHash, now, usedBefore time.Time) (domain.User, time.Time, error)
	// EnsureUser returns the user with email (compared case-insensitively), creating it with
	// id and name if there is none.
	EnsureUser(ctx context.Context, id uuid.UUID, email, name string) (domain.User, error)
	// UserByEmail returns the user with email (compared case-insensitively), or
	// domain.ErrUserNotFound.
	UserByEmail(ctx context.Context, email string) (domain.User, error)
	// CreateToken stores a token's hash for user under a label, expiring at expiresAt.
	// Storing a hash that exists already is a no-op.
	CreateToken(ctx context.Context, id, user uuid.UUID, h domain.TokenHash, label string, expiresAt time.Time) error
	// Tokens returns every token of user, oldest first.
	Tokens(ctx context.Context, user uuid.UUID) ([]domain.Token, error)
	// RevokeTokens marks the user's tokens with the given ids revoked at at, leaving those
	// revoked already as they are, and returns how many it revoked.
	RevokeTokens(ctx context.Context, user uuid.UUID, ids []uuid.UUID, at time.Time) (int, error)
	// LiveTokens returns the ids of the live (not revoked) tokens among the hashes.
	LiveTokens(ctx context.Context, hashes []domain.TokenHash) ([]uuid.UUID, error)
}

// TokenPolicy bounds the lifetime of minted tokens (TOKEN_DEFAULT_TTL, TOKEN_MAX_TTL).
type TokenPolicy struct {
	// DefaultTTL is the lifetime of a token minted without an explicit one.
	DefaultTTL time.Duration
	// MaxTTL is the longest lifetime a token may be minted with.
	MaxTTL time.Duration
}

// Auth authenticates bearer tokens and mints, lists and revokes them.
type Auth struct {
	store  UserStore
	ttl    time.Duration
	now    func() time.Time
	policy TokenPolicy

	mu    sync.Mutex
	cache map[domain.TokenHash]cachedUser
}

type cachedUser struct {
	user    domain.User
	expires time.Time
}

// maxCachedTokens bounds the authentication cache's memory; when full it is emptied.
const maxCachedTokens = 10000

// minTokenSelector is the shortest token id prefix RevokeTokens accepts, so that a typo does
// not match every token of a user.
const minTokenSelector = 4

// NewAuth returns the authentication use cases, minting with the default TokenPolicy
// (domain.DefaultTokenTTL, domain.MaxTokenTTL; see WithTokenPolicy). A positive cacheTTL keeps
// successful lookups in memory for that long, sparing the database one query per request: a
// token revoked elsewhere keeps working on each instance for at most cacheTTL after the
// instance last looked it up, and never past its expiry. Zero disables the cache.
func NewAuth(store UserStore, cacheTTL time.Duration, now func() time.Time) *Auth {
	if now == nil {
		now = time.Now
	}
	return &Auth{
		store: store, ttl: cacheTTL, now: now,
		policy: TokenPolicy{DefaultTTL: domain.DefaultTokenTTL, MaxTTL: domain.MaxTokenTTL},
		cache:  map[domain.TokenHash]cachedUser{},
	}
}

// WithTokenPolicy sets the lifetimes MintToken uses and returns a.
func (a *Auth) WithTokenPolicy(p TokenPolicy) *Auth {
	a.policy = p
	return a
}

// Authenticate returns the user a bearer token belongs to. It returns a KindUnauthenticated
// error for malformed, unknown, expired and revoked tokens.
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
	u, expiresAt, err := a.store.AuthenticateToken(ctx, h, now, now.Add(-domain.LastUsedInterval))
	if err != nil {
		return domain.User{}, fmt.Errorf("authenticate: %w", err)
	}
	if a.ttl > 0 {
		// An entry never outlives the token: an expired token is refused on time.
		expires := now.Add(a.ttl)
		if expiresAt.Before(expires) {
			expires = expiresAt
		}
		a.mu.Lock()
		if len(a.cache) >= maxCachedTokens {
			clear(a.cache)
		}
		a.cache[h] = cachedUser{user: u, expires: expires}
		a.mu.Unlock()
	}
	return u, nil
}

// MintToken creates the user with email if needed and a new token for it, labelled label,
// living the policy's DefaultTTL. The token is returned once; only its hash is stored.
func (a *Auth) MintToken(ctx context.Context, email, name, label string) (domain.User, string, error) {
	u, _, token, err := a.MintTokenFor(ctx, email, name, label, 0)
	return u, token, err
}

// MintTokenFor is MintToken with a lifetime: zero means the policy's DefaultTTL; a negative
// one or one over the policy's MaxTTL is a KindInvalid error naming expires_in. It returns the
// token's record as well.
func (a *Auth) MintTokenFor(ctx context.Context, email, name, label string, expiresIn time.Duration) (domain.User, domain.Token, string, error) {
	switch {
	case expiresIn == 0:
		expiresIn = a.policy.DefaultTTL
	case expiresIn < 0 || expiresIn > a.policy.MaxTTL:
		return domain.User{}, domain.Token{}, "", domain.Invalid(domain.FieldError{Field: "expires_in",
			Reason: fmt.Sprintf("must be positive and at most %s (TOKEN_MAX_TTL), got %s", a.policy.MaxTTL, expiresIn)})
	}
	token := domain.NewToken()
	u, t, err := a.StoreToken(ctx, email, name, label, token, expiresIn)
	return u, t, token, err
}

// StoreToken is MintTokenFor with a caller-chosen token, used by the deterministic fixtures. A
// token that is already stored is left as it is.
func (a *Auth) StoreToken(ctx context.Context, email, name, label, token string, expiresIn time.Duration) (domain.User, domain.Token, error) {
	email, name, err := domain.NormalizeUser(email, name)
	if err != nil {
		return domain.User{}, domain.Token{}, err
	}
	h, err := domain.ParseToken(token)
	if err != nil {
		return domain.User{}, domain.Token{}, err
	}
	userID, err := uuid.NewV7()
	if err != nil {
		return domain.User{}, domain.Token{}, fmt.Errorf("new user id: %w", err)
	}
	// Errors name the user by id, never by address: they may end up in logs.
	u, err := a.store.EnsureUser(ctx, userID, email, name)
	if err != nil {
		return domain.User{}, domain.Token{}, fmt.Errorf("ensure user: %w", err)
	}
	tokenID, err := uuid.NewV7()
	if err != nil {
		return domain.User{}, domain.Token{}, fmt.Errorf("new token id: %w", err)
	}
	now := a.now()
	t := domain.Token{ID: tokenID, UserID: u.ID, Label: label, CreatedAt: now, ExpiresAt: now.Add(expiresIn)}
	if err := a.store.CreateToken(ctx, tokenID, u.ID, h, label, t.ExpiresAt); err != nil {
		return domain.User{}, domain.Token{}, fmt.Errorf("create token for user %s: %w", u.ID, err)
	}
	return u, t, nil
}

// Tokens returns the user with email and every token of it, oldest first.
func (a *Auth) Tokens(ctx context.Context, email string) (domain.User, []domain.Token, error) {
	u, err := a.store.UserByEmail(ctx, strings.TrimSpace(email))
	if err != nil {
		return domain.User{}, nil, fmt.Errorf("find user: %w", err)
	}
	tokens, err := a.store.Tokens(ctx, u.ID)
	if err != nil {
		return domain.User{}, nil, fmt.Errorf("tokens of user %s: %w", u.ID, err)
	}
	return u, tokens, nil
}

// RevokeTokens revokes tokens of the user with email: those whose id starts with one of the
// selectors (a whole id or a prefix of at least 4 characters, case-insensitive), or every
// token when all is set. A selector that matches no token, or several, is a KindInvalid error
// that lists the user's token ids. Tokens revoked already stay as they were; the result lists
// the matched tokens as they are after the call, and how many this call revoked.
func (a *Auth) RevokeTokens(ctx context.Context, email string, selectors []string, all bool) ([]domain.Token, int, error) {
	if all == (len(selectors) > 0) {
		return nil, 0, domain.Invalid(domain.FieldError{Field: "id", Reason: "give token ids (or prefixes) or all, not both and not neither"})
	}
	u, tokens, err := a.Tokens(ctx, email)
	if err != nil {
		return nil, 0, err
	}
	matched := tokens
	if !all {
		matched = nil
		var fields []domain.FieldError
		for _, sel := range selectors {
			m, reason := matchToken(tokens, sel)
			if reason != "" {
				fields = append(fields, domain.FieldError{Field: "id", Reason: reason})
				continue
			}
			if !slices.ContainsFunc(matched, func(t domain.Token) bool { return t.ID == m.ID }) {
				matched = append(matched, m)
			}
		}
		if len(fields) > 0 {
			return nil, 0, domain.Invalid(fields...)
		}
	}
	ids := make([]uuid.UUID, len(matched))
	for i, t := range matched {
		ids[i] = t.ID
	}
	now := a.now()
	n, err := a.store.RevokeTokens(ctx, u.ID, ids, now)
	if err != nil {
		return nil, 0, fmt.Errorf("revoke tokens of user %s: %w", u.ID, err)
	}
	for i := range matched {
		if matched[i].RevokedAt == nil {
			matched[i].RevokedAt = &now
		}
	}
	return matched, n, nil
}

// matchToken returns the one token whose id starts with sel, or why there is none.
func matchToken(tokens []domain.Token, sel string) (domain.Token, string) {
	sel = strings.ToLower(strings.TrimSpace(sel))
	valid := make([]string, len(tokens))
	for i, t := range tokens {
		valid[i] = t.ID.String()
	}
	if len(sel) < minTokenSelector {
		return domain.Token{}, fmt.Sprintf("%q is shorter than %d characters; the user's tokens: %s", sel, minTokenSelector, listOrNone(valid))
	}
	var found []domain.Token
	for _, t := range tokens {
		if strings.HasPrefix(t.ID.String(), sel) {
			found = append(found, t)
		}
	}
	switch len(found) {
	case 1:
		return found[0], ""
	case 0:
		return domain.Token{}, fmt.Sprintf("%q matches none of the user's tokens: %s", sel, listOrNone(valid))
	}
	ids := make([]string, len(found))
	for i, t := range found {
		ids[i] = t.ID.String()
	}
	return domain.Token{}, fmt.Sprintf("%q matches several tokens, give more of the id: %s", sel, strings.Join(ids, ", "))
}

func listOrNone(ids []string) string {
	if len(ids) == 0 {
		return "(none)"
	}
	return strings.Join(ids, ", ")
}

// LiveTokens returns the ids of the live (not revoked) tokens among tokens, whatever their
// expiry: `todo-api serve` outside local refuses to start while a public fixture token is live.
func (a *Auth) LiveTokens(ctx context.Context, tokens ...string) ([]uuid.UUID, error) {
	hashes := make([]domain.TokenHash, len(tokens))
	for i, t := range tokens {
		hashes[i] = domain.HashToken(t)
	}
	ids, err := a.store.LiveTokens(ctx, hashes)
	if err != nil {
		return nil, fmt.Errorf("live tokens: %w", err)
	}
	return ids, nil
}
