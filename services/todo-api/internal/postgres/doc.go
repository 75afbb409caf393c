// Package postgres implements app.TodoStore and app.UserStore on PostgreSQL with pgx/v5. Every
// todo query carries the owner's id, so one user can never read or change another's rows.
package postgres

import (
	"github.com/jackc/pgx/v5/pgxpool"
)

// Store is the PostgreSQL storage of todo-api. It is safe for concurrent use.
type Store struct {
	pool *pgxpool.Pool
}

// New returns a Store over pool. The caller owns the pool and closes it.
func New(pool *pgxpool.Pool) *Store {
	return &Store{pool: pool}
}
