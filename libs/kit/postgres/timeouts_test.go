package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/envconfig"
	"github.com/tsumiki-dev/tsumiki/libs/kit/pgtest"
	"github.com/tsumiki-dev/tsumiki/libs/kit/postgres"
)

func TestFromEnv_Timeouts(t *testing.T) {
	t.Parallel()
	url := map[string]string{"DATABASE_URL": "postgres://u@127.0.0.1/db"}
	tests := []struct {
		name    string
		env     map[string]string
		want    postgres.PoolOptions
		wantErr []string
	}{
		{
			name: "Defaults",
			env:  url,
			want: postgres.PoolOptions{MaxConns: 10, ApplicationName: "svc", StatementTimeout: postgres.DefaultStatementTimeout, IdleInTransactionTimeout: postgres.DefaultIdleInTransactionTimeout},
		},
		{
			name: "Set",
			env:  map[string]string{"DATABASE_URL": url["DATABASE_URL"], "DATABASE_STATEMENT_TIMEOUT": "250ms", "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT": "3s"},
			want: postgres.PoolOptions{MaxConns: 10, ApplicationName: "svc", StatementTimeout: 250 * time.Millisecond, IdleInTransactionTimeout: 3 * time.Second},
		},
		{
			name:    "ZeroAndHuge",
			env:     map[string]string{"DATABASE_URL": url["DATABASE_URL"], "DATABASE_STATEMENT_TIMEOUT": "0s", "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT": "1000h"},
			wantErr: []string{"DATABASE_STATEMENT_TIMEOUT: 0s is out of range", "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT: 1000h0m0s is out of range"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := envconfig.New(func(k string) string { return tt.env[k] })
			_, got := postgres.FromEnv(r, "svc", 10)
			err := r.Err()
			if len(tt.wantErr) == 0 {
				require.NoError(t, err)
				require.Equal(t, tt.want, got)
				return
			}
			for _, w := range tt.wantErr {
				require.ErrorContains(t, err, w)
			}
		})
	}
}

// TestOpen_ServerTimeouts proves the settings reach the server on every connection and that
// a statement running past statement_timeout is cancelled with an error IsTimeout knows.
func TestOpen_ServerTimeouts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := pgtest.NewDatabase(t)
	pool, err := postgres.NewPool(ctx, url, postgres.PoolOptions{MaxConns: 2, StatementTimeout: 150 * time.Millisecond, IdleInTransactionTimeout: 2 * time.Second})
	require.NoError(t, err)
	defer pool.Close()
	var st, idle string
	require.NoError(t, pool.QueryRow(ctx, "SELECT current_setting('statement_timeout'), current_setting('idle_in_transaction_session_timeout')").Scan(&st, &idle))
	require.Equal(t, "150ms", st)
	require.Equal(t, "2s", idle)

	_, err = pool.Exec(ctx, "SELECT pg_sleep(5)")
	require.Error(t, err)
	require.True(t, postgres.IsTimeout(err), "statement_timeout cancels the sleep: %v", err)
	require.False(t, postgres.IsUnavailable(err), "a cancelled statement is not an unreachable database")
}

func TestIsUnavailable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{name: "Nil", err: nil, want: false},
		{name: "AdminShutdown", err: fmt.Errorf("select: %w", &pgconn.PgError{Code: "57P01"}), want: true},
		{name: "CannotConnectNow", err: &pgconn.PgError{Code: "57P03"}, want: true},
		{name: "ConnectionFailure", err: &pgconn.PgError{Code: "08006"}, want: true},
		{name: "TooManyConnections", err: &pgconn.PgError{Code: "53300"}, want: true},
		{name: "UniqueViolation", err: &pgconn.PgError{Code: "23505"}, want: false},
		{name: "StatementTimeout", err: &pgconn.PgError{Code: "57014"}, want: false},
		{name: "NetError", err: fmt.Errorf("query: %w", &net.OpError{Op: "read", Err: errors.New("connection reset by peer")}), want: true},
		{name: "ConnClosed", err: fmt.Errorf("acquire: %w", pgconn.ErrConnClosed), want: true},
		{name: "Other", err: errors.New("scan: wrong type"), want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, postgres.IsUnavailable(tt.err))
		})
	}
}

func TestIsUnavailable_Unreachable(t *testing.T) {
	t.Parallel()
	_, err := postgres.NewPool(context.Background(), "postgres://nobody@127.0.0.1:1/none?connect_timeout=2", postgres.PoolOptions{})
	require.Error(t, err)
	require.True(t, postgres.IsUnavailable(err), "a refused connection is unavailability: %v", err)
}
