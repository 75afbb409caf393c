// Package testdb gives todo-api's integration tests a fresh, fully migrated database per test
// (on top of libs/kit/pgtest) and a pool on it that closes when the test ends.
package testdb

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tsumiki-dev/tsumiki/libs/kit/pgtest"
	"github.com/tsumiki-dev/tsumiki/libs/kit/postgres"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/migrations"
)

// New creates a database for the test, applies every migration and returns its URL and a pool.
func New(t testing.TB) (string, *pgxpool.Pool) {
	t.Helper()
	url := pgtest.NewDatabase(t)
	m, err := postgres.NewMigrator(migrations.FS, url, migrations.Table)
	if err != nil {
		t.Fatalf("migrator: %v", err)
	}
	defer func() {
		if err := m.Close(); err != nil {
			t.Errorf("close migrator: %v", err)
		}
	}()
	if err := m.Up(); err != nil {
		t.Fatalf("migrate up: %v", err)
	}
	pool, err := postgres.NewPool(context.Background(), url, postgres.PoolOptions{MaxConns: 20})
	if err != nil {
		t.Fatalf("pool: %v", err)
	}
	t.Cleanup(pool.Close)
	return url, pool
}
