package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
)

// UserByTokenHash implements app.UserStore.
func (s *Store) UserByTokenHash(ctx context.Context, h domain.TokenHash) (domain.User, error) {
	var u domain.User
	err := s.pool.QueryRow(ctx, `SELECT u.id, u.email, u.display_name, u.created_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL`, h[:]).Scan(&u.ID, &u.Email, &u.DisplayName, &u.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return domain.User{}, domain.ErrUnauthenticated
	}
	if err != nil {
		return domain.User{}, fmt.Errorf("select user by token: %w", err)
	}
	return u, nil
}

// EnsureUser implements app.UserStore.
func (s *Store) EnsureUser(ctx context.Context, id uuid.UUID, email, name string) (domain.User, error) {
	if _, err := s.pool.Exec(ctx, `INSERT INTO users (id, email, display_name) VALUES ($1, $2, $3)
		ON CONFLICT ((lower(email))) DO NOTHING`, id, email, name); err != nil {
		return domain.User{}, fmt.Errorf("insert user: %w", err)
	}
	var u domain.User
	if err := s.pool.QueryRow(ctx, `SELECT id, email, display_name, created_at FROM users WHERE lower(email) = lower($1)`,
		email).Scan(&u.ID, &u.Email, &u.DisplayName, &u.CreatedAt); err != nil {
		return domain.User{}, fmt.Errorf("select user: %w", err)
	}
	return u, nil
}

// CreateToken implements app.UserStore. Storing a hash that exists already is a no-op.
func (s *Store) CreateToken(ctx context.Context, id, user uuid.UUID, h domain.TokenHash, label string) error {
	if _, err := s.pool.Exec(ctx, `INSERT INTO api_tokens (id, user_id, token_hash, name) VALUES ($1, $2, $3, $4)
		ON CONFLICT (token_hash) DO NOTHING`, id, user, h[:], label); err != nil {
		return fmt.Errorf("insert token: %w", err)
	}
	return nil
}

// Ping checks that the database answers, for the readiness probe.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}
