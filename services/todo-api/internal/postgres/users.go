package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
)

// AuthenticateToken implements app.UserStore in one round trip: the lookup, and the write of
// last_used_at only when the recorded use is older than usedBefore. The condition is on the
// row being updated, so concurrent lookups on several instances write it once.
func (s *Store) AuthenticateToken(ctx context.Context, h domain.TokenHash, now, usedBefore time.Time) (domain.User, time.Time, error) {
	var u domain.User
	var expiresAt time.Time
	err := s.pool.QueryRow(ctx, `WITH tok AS (
			SELECT id, user_id, expires_at FROM api_tokens
			WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2
		), touched AS (
			UPDATE api_tokens t SET last_used_at = $2 FROM tok
			WHERE t.id = tok.id AND (t.last_used_at IS NULL OR t.last_used_at < $3)
		)
		SELECT u.id, u.email, u.display_name, u.created_at, tok.expires_at
		FROM tok JOIN users u ON u.id = tok.user_id`, h[:], now, usedBefore).
		Scan(&u.ID, &u.Email, &u.DisplayName, &u.CreatedAt, &expiresAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return domain.User{}, time.Time{}, domain.ErrUnauthenticated
	}
	if err != nil {
		return domain.User{}, time.Time{}, fmt.Errorf("select user by token: %w", err)
	}
	return u, expiresAt, nil
}

// EnsureUser implements app.UserStore.
func (s *Store) EnsureUser(ctx context.Context, id uuid.UUID, email, name string) (domain.User, error) {
	if _, err := s.pool.Exec(ctx, `INSERT INTO users (id, email, display_name) VALUES ($1, $2, $3)
		ON CONFLICT ((lower(email))) DO NOTHING`, id, email, name); err != nil {
		return domain.User{}, fmt.Errorf("insert user: %w", err)
	}
	return s.UserByEmail(ctx, email)
}

// UserByEmail implements app.UserStore.
func (s *Store) UserByEmail(ctx context.Context, email string) (domain.User, error) {
	var u domain.User
	err := s.pool.QueryRow(ctx, `SELECT id, email, display_name, created_at FROM users WHERE lower(email) = lower($1)`,
		email).Scan(&u.ID, &u.Email, &u.DisplayName, &u.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return domain.User{}, domain.ErrUserNotFound
	}
	if err != nil {
		return domain.User{}, fmt.Errorf("select user: %w", err)
	}
	return u, nil
}

// CreateToken implements app.UserStore. Storing a hash that exists already is a no-op.
func (s *Store) CreateToken(ctx context.Context, id, user uuid.UUID, h domain.TokenHash, label string, expiresAt time.Time) error {
	if _, err := s.pool.Exec(ctx, `INSERT INTO api_tokens (id, user_id, token_hash, name, expires_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (token_hash) DO NOTHING`, id, user, h[:], label, expiresAt); err != nil {
		return fmt.Errorf("insert token: %w", err)
	}
	return nil
}

// Tokens implements app.UserStore.
func (s *Store) Tokens(ctx context.Context, user uuid.UUID) ([]domain.Token, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, user_id, name, created_at, expires_at, last_used_at, revoked_at
		FROM api_tokens WHERE user_id = $1 ORDER BY id`, user)
	if err != nil {
		return nil, fmt.Errorf("select tokens: %w", err)
	}
	tokens, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (domain.Token, error) {
		var t domain.Token
		err := row.Scan(&t.ID, &t.UserID, &t.Label, &t.CreatedAt, &t.ExpiresAt, &t.LastUsedAt, &t.RevokedAt)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("select tokens: %w", err)
	}
	return tokens, nil
}

// RevokeTokens implements app.UserStore.
func (s *Store) RevokeTokens(ctx context.Context, user uuid.UUID, ids []uuid.UUID, at time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE api_tokens SET revoked_at = $3
		WHERE user_id = $1 AND id = ANY($2) AND revoked_at IS NULL`, user, ids, at)
	if err != nil {
		return 0, fmt.Errorf("revoke tokens: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// LiveTokens implements app.UserStore.
func (s *Store) LiveTokens(ctx context.Context, hashes []domain.TokenHash) ([]uuid.UUID, error) {
	raw := make([][]byte, len(hashes))
	for i := range hashes {
		raw[i] = hashes[i][:]
	}
	rows, err := s.pool.Query(ctx, `SELECT id FROM api_tokens WHERE token_hash = ANY($1) AND revoked_at IS NULL ORDER BY id`, raw)
	if err != nil {
		return nil, fmt.Errorf("select live tokens: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
	if err != nil {
		return nil, fmt.Errorf("select live tokens: %w", err)
	}
	return ids, nil
}

// Ping checks that the database answers, for the readiness probe.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}
