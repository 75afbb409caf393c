package postgres_test

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/pgtest"
	"github.com/tsumiki-dev/tsumiki/libs/kit/postgres"
)

func columnExists(t *testing.T, url, table, column string) bool {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer conn.Close(ctx)
	var n int
	require.NoError(t, conn.QueryRow(ctx,
		`SELECT count(*) FROM information_schema.columns WHERE table_name = $1 AND column_name = $2`,
		table, column).Scan(&n))
	return n == 1
}

func TestNewPool(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	pool, err := postgres.NewPool(context.Background(), url, postgres.PoolOptions{MaxConns: 3, ApplicationName: "kit-test"})
	require.NoError(t, err)
	defer pool.Close()
	require.EqualValues(t, 3, pool.Config().MaxConns)
	var app string
	require.NoError(t, pool.QueryRow(context.Background(), "SHOW application_name").Scan(&app))
	require.Equal(t, "kit-test", app)

	_, err = postgres.NewPool(context.Background(), "postgres://nobody:secret@127.0.0.1:1/none?connect_timeout=2", postgres.PoolOptions{})
	require.ErrorContains(t, err, "ping nobody@127.0.0.1:1/none")
	require.NotContains(t, err.Error(), "secret")
}

func TestMigrator_UpDownUp(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	src := os.DirFS("testdata/good")
	var out bytes.Buffer

	require.NoError(t, postgres.RunMigrateCommand(context.Background(), []string{"up"}, src, postgres.Config{URL: url}, "", &out))
	require.Contains(t, out.String(), "migration version 2 (clean)")
	require.True(t, columnExists(t, url, "things", "name"))

	require.NoError(t, postgres.RunMigrateCommand(context.Background(), []string{"up"}, src, postgres.Config{URL: url}, "", &out), "a second up is a no-op")
	require.NoError(t, postgres.RunMigrateCommand(context.Background(), []string{"down"}, src, postgres.Config{URL: url}, "", &out))
	require.Contains(t, out.String(), "migration version 1 (clean)")
	require.False(t, columnExists(t, url, "things", "name"))
	require.NoError(t, postgres.RunMigrateCommand(context.Background(), []string{"down"}, src, postgres.Config{URL: url}, "", &out))
	require.ErrorContains(t, postgres.RunMigrateCommand(context.Background(), []string{"down"}, src, postgres.Config{URL: url}, "", &out), "no migration is applied")
	require.NoError(t, postgres.RunMigrateCommand(context.Background(), []string{"up"}, src, postgres.Config{URL: url}, "custom_versions", &out))
	require.True(t, columnExists(t, url, "custom_versions", "version"), "the version table is named by the caller")
}

func TestMigrator_DirtyAndForce(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	src := os.DirFS("testdata/bad")
	var out bytes.Buffer

	err := postgres.RunMigrateCommand(context.Background(), []string{"up"}, src, postgres.Config{URL: url}, "", &out)
	require.ErrorContains(t, err, "no_such_table")
	require.False(t, columnExists(t, url, "things", "name"), "the failing file rolled back as one transaction")

	require.NoError(t, postgres.RunMigrateCommand(context.Background(), []string{"version"}, src, postgres.Config{URL: url}, "", &out))
	require.Contains(t, out.String(), "migration version 2 (dirty")
	require.NoError(t, postgres.RunMigrateCommand(context.Background(), []string{"force", "1"}, src, postgres.Config{URL: url}, "", &out))
	require.Contains(t, out.String(), "migration version 1 (clean)")
}

func TestRunMigrateCommand_BadArguments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{name: "Missing", args: nil, wantErr: "missing action"},
		{name: "Unknown", args: []string{"sideways"}, wantErr: `unknown action "sideways"`},
		{name: "UpWithArgument", args: []string{"up", "3"}, wantErr: "up takes no arguments"},
		{name: "ForceWithoutVersion", args: []string{"force"}, wantErr: "force needs exactly one VERSION"},
		{name: "ForceNotANumber", args: []string{"force", "x"}, wantErr: `force VERSION "x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := postgres.RunMigrateCommand(context.Background(), tt.args, os.DirFS("testdata/good"), postgres.Config{URL: "postgres://unused"}, "", &bytes.Buffer{})
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}
