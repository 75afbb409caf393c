package domain

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// User owns todos and API tokens. Email and DisplayName are personal data (see the design doc).
type User struct {
	// ID identifies the user.
	ID uuid.UUID
	// Email is unique, compared case-insensitively; 3 to 254 characters.
	Email string
	// DisplayName is 1 to 100 characters.
	DisplayName string
	// CreatedAt is when the user was first seen.
	CreatedAt time.Time
}

// NormalizeUser validates an email address and display name for a new user. An empty name
// defaults to the address's local part.
func NormalizeUser(email, name string) (string, string, error) {
	var fields []FieldError
	email = strings.TrimSpace(email)
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || len(email) < 3 || len(email) > 254 {
		fields = append(fields, FieldError{Field: "email", Reason: "must be a plain address such as alice@example.com, at most 254 characters"})
	}
	name = strings.TrimSpace(name)
	if name == "" {
		name, _, _ = strings.Cut(email, "@")
	}
	if n := utf8.RuneCountInString(name); n < 1 || n > 100 || !utf8.ValidString(name) || strings.ContainsRune(name, 0) {
		fields = append(fields, FieldError{Field: "name", Reason: "must be 1 to 100 characters"})
	}
	if len(fields) > 0 {
		return "", "", Invalid(fields...)
	}
	return email, name, nil
}

// TokenPrefix starts every API token, so that leaked tokens are easy to find by secret scanners.
const TokenPrefix = "tsk_"

// Token lengths accepted by ParseToken, prefix included.
const (
	minTokenLen = len(TokenPrefix) + 16
	maxTokenLen = 128
)

// TokenHash is the SHA-256 of a token; only hashes are stored.
type TokenHash [sha256.Size]byte

// NewToken returns a fresh random token: TokenPrefix and 32 random bytes, base64url.
func NewToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never returns an error.
	return TokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
}

// HashToken returns the hash under which a token is stored.
func HashToken(token string) TokenHash {
	return sha256.Sum256([]byte(token))
}

// ParseToken checks a token's shape (prefix, length, URL-safe characters) before any lookup,
// so garbage never reaches the database.
func ParseToken(token string) (TokenHash, error) {
	if !strings.HasPrefix(token, TokenPrefix) || len(token) < minTokenLen || len(token) > maxTokenLen {
		return TokenHash{}, Errorf(KindUnauthenticated, "the bearer token is malformed")
	}
	for _, c := range token[len(TokenPrefix):] {
		if !isTokenChar(c) {
			return TokenHash{}, Errorf(KindUnauthenticated, "the bearer token is malformed")
		}
	}
	return HashToken(token), nil
}

// ErrUnauthenticated is returned for unknown, expired or revoked tokens.
var ErrUnauthenticated = &Error{Kind: KindUnauthenticated, Message: "the bearer token is unknown, expired or revoked"}

// isTokenChar tells whether c may appear in a token after its prefix (base64url).
func isTokenChar(c rune) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}
