package domain

import (
	"time"

	"github.com/google/uuid"
)

// Token lifetimes: the defaults of TOKEN_DEFAULT_TTL and TOKEN_MAX_TTL (internal/config reads
// them; `todo-api token --expires-in` picks a lifetime up to the maximum).
const (
	// DefaultTokenTTL is how long a token minted without --expires-in lives: 90 days.
	DefaultTokenTTL = 90 * 24 * time.Hour
	// MaxTokenTTL is the longest lifetime a token may be minted with: 365 days.
	MaxTokenTTL = 365 * 24 * time.Hour
)

// LastUsedInterval is the resolution of a token's LastUsedAt: it is written at most once per
// interval per token, so authentication never writes on every request.
const LastUsedInterval = time.Minute

// Token is an API token's record. The secret itself is never stored, only its hash.
type Token struct {
	// ID identifies the token; `todo-api token revoke` takes it or a prefix of it.
	ID uuid.UUID
	// UserID is the owner.
	UserID uuid.UUID
	// Label tells a user's tokens apart ("cli", "fixture", ...).
	Label string
	// CreatedAt is when the token was minted.
	CreatedAt time.Time
	// ExpiresAt is when the token stops working.
	ExpiresAt time.Time
	// LastUsedAt is the last authentication with the token, to LastUsedInterval; nil if never.
	LastUsedAt *time.Time
	// RevokedAt is when the token was revoked; nil while it is not.
	RevokedAt *time.Time
}

// TokenState is a token's state at a point in time.
type TokenState string

// The token states.
const (
	// TokenLive authenticates.
	TokenLive TokenState = "live"
	// TokenExpired is past its ExpiresAt.
	TokenExpired TokenState = "expired"
	// TokenRevoked was revoked.
	TokenRevoked TokenState = "revoked"
)

// State returns the token's state at now.
func (t Token) State(now time.Time) TokenState {
	switch {
	case t.RevokedAt != nil:
		return TokenRevoked
	case !now.Before(t.ExpiresAt):
		return TokenExpired
	}
	return TokenLive
}

// ErrUserNotFound is returned for an email address that belongs to no user.
var ErrUserNotFound = &Error{Kind: KindNotFound, Message: "no user has this email address"}
