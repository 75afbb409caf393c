package migrations_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/pgtest"
	"github.com/tsumiki-dev/tsumiki/libs/kit/postgres"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/migrations"
)

// as is pgtest.WithUser: the local PostgreSQL trusts 127.0.0.1, so logging in as a role needs
// no password, while what the role may do is checked as on RDS.
func as(t *testing.T, rawURL, user string) string {
	t.Helper()
	return pgtest.WithUser(t, rawURL, user)
}

func connect(t *testing.T, rawURL string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), rawURL)
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

// requireDenied runs sql and requires PostgreSQL's insufficient_privilege (42501).
func requireDenied(t *testing.T, conn *pgx.Conn, sql string, args ...any) {
	t.Helper()
	_, err := conn.Exec(context.Background(), sql, args...)
	var pgErr *pgconn.PgError
	require.True(t, errors.As(err, &pgErr), "%s: want a PostgreSQL error, got %v", sql, err)
	require.Equal(t, "42501", pgErr.Code, "%s: want insufficient_privilege, got %s", sql, pgErr.Message)
}

func bootstrap(t *testing.T, masterURL string) {
	t.Helper()
	conn := connect(t, masterURL)
	_, err := conn.Exec(context.Background(), migrations.Bootstrap)
	require.NoError(t, err, "bootstrap as the master")
	_, err = conn.Exec(context.Background(), migrations.Bootstrap)
	require.NoError(t, err, "a second bootstrap is a no-op")
}

func migrateUp(t *testing.T, rawURL string) {
	t.Helper()
	m, err := postgres.OpenMigrator(context.Background(), migrations.FS, postgres.Config{URL: rawURL}, migrations.Table)
	require.NoError(t, err)
	defer m.Close()
	require.NoError(t, m.Up())
}

// TestBootstrap_LeastPrivilege is the production path on a fresh database: the master runs the
// bootstrap, todo_migrator runs the migrations, todo-api and todo-batch work as todo_app, and
// each role can do what it needs and nothing more.
func TestBootstrap_LeastPrivilege(t *testing.T) {
	t.Parallel()
	dbURL, masterURL := pgtest.NewRDSDatabase(t)
	bootstrap(t, masterURL)
	migrateUp(t, as(t, dbURL, "todo_migrator"))

	ctx := context.Background()
	admin := connect(t, dbURL)
	for _, role := range []string{"todo_migrator", "todo_app", "todo_readonly"} {
		var login, super, iam bool
		require.NoError(t, admin.QueryRow(ctx, `SELECT rolcanlogin, rolsuper, pg_has_role($1, 'rds_iam', 'MEMBER') FROM pg_roles WHERE rolname = $1`, role).Scan(&login, &super, &iam))
		require.True(t, login, "%s logs in", role)
		require.False(t, super, "%s is no superuser", role)
		require.True(t, iam, "%s is granted rds_iam (IAM authentication on RDS)", role)
	}
	var owner string
	require.NoError(t, admin.QueryRow(ctx, `SELECT tableowner FROM pg_tables WHERE tablename = 'todos'`).Scan(&owner))
	require.Equal(t, "todo_migrator", owner, "the migrator owns the schema it migrated")

	t.Run("AppChangesData", func(t *testing.T) {
		app := connect(t, as(t, dbURL, "todo_app"))
		userID, todoID := uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())
		_, err := app.Exec(ctx, `INSERT INTO users (id, email, display_name) VALUES ($1, 'app@example.com', 'App')`, userID)
		require.NoError(t, err)
		_, err = app.Exec(ctx, `INSERT INTO todos (id, owner_id, title) VALUES ($1, $2, 'least privilege')`, todoID, userID)
		require.NoError(t, err)
		_, err = app.Exec(ctx, `UPDATE todos SET status = 'done' WHERE id = $1`, todoID)
		require.NoError(t, err)
		_, err = app.Exec(ctx, `DELETE FROM todos WHERE id = $1`, todoID)
		require.NoError(t, err)
		// A table the migrator creates later (as todo-batch's River migrations do) is usable,
		// its sequence included.
		migrator := connect(t, as(t, dbURL, "todo_migrator"))
		_, err = migrator.Exec(ctx, `CREATE TABLE later_jobs (id bigserial PRIMARY KEY, kind text NOT NULL)`)
		require.NoError(t, err)
		_, err = app.Exec(ctx, `INSERT INTO later_jobs (kind) VALUES ('reminder')`)
		require.NoError(t, err)
	})
	t.Run("AppCannotChangeSchema", func(t *testing.T) {
		app := connect(t, as(t, dbURL, "todo_app"))
		requireDenied(t, app, `DROP TABLE todos`)
		requireDenied(t, app, `TRUNCATE todos`)
		requireDenied(t, app, `ALTER TABLE todos ADD COLUMN x int`)
		requireDenied(t, app, `CREATE TABLE mine (id int)`)
		requireDenied(t, app, `UPDATE schema_migrations SET dirty = true`)
		requireDenied(t, app, `CREATE ROLE intruder`)
	})
	t.Run("ReadonlyOnlyReads", func(t *testing.T) {
		ro := connect(t, as(t, dbURL, "todo_readonly"))
		var n int
		require.NoError(t, ro.QueryRow(ctx, `SELECT count(*) FROM todos`).Scan(&n))
		requireDenied(t, ro, `DELETE FROM todos`)
		requireDenied(t, ro, `INSERT INTO users (id, email, display_name) VALUES ($1, 'ro@example.com', 'RO')`, uuid.Must(uuid.NewV7()))
	})
	t.Run("MigratorIsNoAdmin", func(t *testing.T) {
		migrator := connect(t, as(t, dbURL, "todo_migrator"))
		requireDenied(t, migrator, `CREATE ROLE intruder`)
		requireDenied(t, migrator, `GRANT rds_iam TO todo_migrator`)
	})
}

// TestBootstrap_AfterMasterMigrated covers an environment the master migrated before the
// bootstrap existed: the bootstrap hands the master's objects to todo_migrator, which can then
// migrate down and up again.
func TestBootstrap_AfterMasterMigrated(t *testing.T) {
	t.Parallel()
	dbURL, masterURL := pgtest.NewRDSDatabase(t)
	migrateUp(t, masterURL) // the old way: everything owned by the master
	bootstrap(t, masterURL)

	m, err := postgres.OpenMigrator(context.Background(), migrations.FS, postgres.Config{URL: as(t, dbURL, "todo_migrator")}, migrations.Table)
	require.NoError(t, err)
	defer m.Close()
	for range 3 {
		require.NoError(t, m.Down(), "the migrator can undo what the master did")
	}
	require.NoError(t, m.Up())

	app := connect(t, as(t, dbURL, "todo_app"))
	_, err = app.Exec(context.Background(), `INSERT INTO users (id, email, display_name) VALUES ($1, 'later@example.com', 'Later')`, uuid.Must(uuid.NewV7()))
	require.NoError(t, err)
	requireDenied(t, app, `DROP TABLE todos`)
}
