package migrations_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/pgtest"
	"github.com/tsumiki-dev/tsumiki/libs/kit/postgres"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/migrations"
)

func tables(t *testing.T, url string) []string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_name <> $1 ORDER BY table_name`, migrations.Table)
	require.NoError(t, err)
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	return names
}

// TestFS_UpDownUp runs every migration up, all the way down one step at a time, and up again.
func TestFS_UpDownUp(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	m, err := postgres.NewMigrator(migrations.FS, url, migrations.Table)
	require.NoError(t, err)
	defer m.Close()

	require.NoError(t, m.Up())
	top, dirty, err := m.Version()
	require.NoError(t, err)
	require.False(t, dirty)
	require.GreaterOrEqual(t, top, uint(2))
	require.Equal(t, []string{"api_tokens", "idempotency_keys", "todos", "users"}, tables(t, url))

	for v := top; v > 0; v-- {
		require.NoError(t, m.Down(), "down from version %d", v)
	}
	require.Empty(t, tables(t, url))

	require.NoError(t, m.Up())
	again, _, err := m.Version()
	require.NoError(t, err)
	require.Equal(t, top, again)
	require.NoError(t, m.Up(), "up with nothing pending is a no-op")
}

// TestFS_Grants checks the roles migration: the app role can change data but not the schema.
func TestFS_Grants(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	m, err := postgres.NewMigrator(migrations.FS, url, migrations.Table)
	require.NoError(t, err)
	defer m.Close()
	require.NoError(t, m.Up())

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer conn.Close(ctx)
	tests := []struct {
		name  string
		role  string
		table string
		priv  string
		want  bool
	}{
		{name: "AppSelects", role: "todo_app", table: "todos", priv: "SELECT", want: true},
		{name: "AppDeletes", role: "todo_app", table: "idempotency_keys", priv: "DELETE", want: true},
		{name: "AppNoTruncate", role: "todo_app", table: "todos", priv: "TRUNCATE", want: false},
		{name: "ReadonlySelects", role: "todo_readonly", table: "users", priv: "SELECT", want: true},
		{name: "ReadonlyNoUpdate", role: "todo_readonly", table: "todos", priv: "UPDATE", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got bool
			require.NoError(t, conn.QueryRow(ctx, `SELECT has_table_privilege($1, $2, $3)`, tt.role, tt.table, tt.priv).Scan(&got))
			require.Equal(t, tt.want, got)
		})
	}
	var canCreate bool
	require.NoError(t, conn.QueryRow(ctx, `SELECT has_schema_privilege('todo_app', 'public', 'CREATE')`).Scan(&canCreate))
	require.False(t, canCreate, "the app role cannot change the schema")
}
