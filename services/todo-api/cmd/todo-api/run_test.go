package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
	"github.com/tsumiki-dev/tsumiki/libs/kit/syncbuf"

	"github.com/tsumiki-dev/tsumiki/libs/kit/pgtest"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/fixtures"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/testdb"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestRun_BadArguments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{name: "UnknownCommand", args: []string{"launch"}, wantErr: `unknown command "launch"`},
		{name: "ServeWithArguments", args: []string{"serve", "now"}, wantErr: "serve takes no arguments"},
		{name: "ServeWithoutDatabase", args: nil, wantErr: "DATABASE_URL: is required"},
		{name: "MigrateWithoutDatabase", args: []string{"migrate", "up"}, wantErr: "DATABASE_URL: is required"},
		{name: "BootstrapWithArguments", args: []string{"bootstrap", "now"}, wantErr: "bootstrap takes no arguments"},
		{name: "BootstrapWithoutDatabase", args: []string{"bootstrap"}, wantErr: "DATABASE_URL: is required"},
		{name: "TokenWithoutEmail", args: []string{"token"}, wantErr: "--email is required"},
		{name: "FixturesOutsideLocal", args: []string{"fixtures"}, wantErr: "refusing to load public fixture tokens with TSUMIKI_ENV=prd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out, errOut bytes.Buffer
			err := run(context.Background(), tt.args, envOf(map[string]string{"TSUMIKI_ENV": "prd"}), &out, &errOut)
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}

// TestRun_BootstrapThenMigrateAsMigrator is the first deploy of an environment through the
// command line: `todo-api bootstrap` as the master, `todo-api migrate up` as todo_migrator, and
// the service's queries as todo_app (`todo-api token` mints one through the app's pool).
func TestRun_BootstrapThenMigrateAsMigrator(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	adminURL, masterURL := pgtest.NewRDSDatabase(t)
	var out bytes.Buffer
	require.NoError(t, run(ctx, []string{"bootstrap"}, envOf(map[string]string{"DATABASE_URL": masterURL}), &out, &out))
	require.Contains(t, out.String(), "bootstrap done")

	migrator := envOf(map[string]string{"DATABASE_URL": pgtest.WithUser(t, adminURL, "todo_migrator")})
	require.NoError(t, run(ctx, []string{"migrate", "up"}, migrator, &out, &out))
	require.Contains(t, out.String(), "migration version 3 (clean)")

	app := envOf(map[string]string{"DATABASE_URL": pgtest.WithUser(t, adminURL, "todo_app")})
	require.NoError(t, run(ctx, []string{"token", "--email", "first@example.com"}, app, &out, &out))
	require.Contains(t, out.String(), "minted a token for first@example.com")
	err := run(ctx, []string{"migrate", "down"}, app, &out, &out)
	require.ErrorContains(t, err, "permission denied for table schema_migrations", "the app role cannot migrate")
}

func TestRun_MigrateTokenFixtures(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := pgtest.NewDatabase(t)
	env := envOf(map[string]string{"DATABASE_URL": url})
	var out bytes.Buffer

	require.NoError(t, run(ctx, []string{"migrate", "up"}, env, &out, &out))
	require.NoError(t, run(ctx, []string{"migrate", "version"}, env, &out, &out))
	require.Contains(t, out.String(), "(clean)")

	out.Reset()
	require.NoError(t, run(ctx, []string{"token", "--email", "carol@example.com", "--name", "Carol"}, env, &out, &out))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	token := lines[len(lines)-1]
	require.True(t, strings.HasPrefix(token, "tsk_"), "the token is alone on the last line: %q", out.String())

	out.Reset()
	require.NoError(t, run(ctx, []string{"fixtures"}, env, &out, &out))
	require.NoError(t, run(ctx, []string{"fixtures"}, env, &out, &out), "fixtures load twice")
	require.Contains(t, out.String(), fixtures.AliceToken)

	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer conn.Close(ctx)
	var users int
	require.NoError(t, conn.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&users))
	require.Equal(t, 3, users)
}

// TestRun_GracefulShutdown cancels run's context (what SIGTERM does in main) while requests
// are in flight: readiness fails at once, the listener closes, every accepted request still
// completes, and run returns nil (exit 0).
func TestRun_GracefulShutdown(t *testing.T) {
	t.Parallel()
	url, pool := testdb.New(t)
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"fixtures"}, envOf(map[string]string{"DATABASE_URL": url}), &out, &out))

	const inFlight = 8
	logs := &syncbuf.Buffer{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	result := make(chan error, 1)
	go func() {
		result <- run(ctx, nil, envOf(map[string]string{
			"DATABASE_URL":         url,
			"HTTP_ADDR":            "127.0.0.1:0",
			"DATABASE_MAX_CONNS":   fmt.Sprint(inFlight + 4),
			"INTERNAL_HTTP_ADDR":   "127.0.0.1:0",
			"SHUTDOWN_DRAIN_DELAY": "5s", // a window for the readiness check below, not a limit
			// The requests wait on a lock for longer than the default deadlines; this test is
			// about the drain, TestServe_StatementTimeout and TestServe_RequestDeadline about those.
			"DATABASE_STATEMENT_TIMEOUT": "2m",
			"REQUEST_TIMEOUT":            "1m",
		}), logs, logs)
	}()
	base, internalBase := listeningOn(t, logs)

	metrics, err := http.Get(internalBase + "/metrics")
	require.NoError(t, err)
	body, err := io.ReadAll(metrics.Body)
	metrics.Body.Close()
	require.NoError(t, err)
	require.Contains(t, string(body), fmt.Sprintf("db_pool_max_conns %d", inFlight+4), "pool statistics are exported")
	require.Contains(t, string(body), "go_goroutines")

	// Hold a lock on the todo so the PATCHes below stay in flight until we let them go.
	id := fixtures.TodoID(fixtures.AliceEmail, 0)
	tx, err := pool.Begin(context.Background())
	require.NoError(t, err)
	_, err = tx.Exec(context.Background(), `SELECT 1 FROM todos WHERE id = $1 FOR UPDATE`, id)
	require.NoError(t, err)

	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	statuses := make(chan int, inFlight)
	for i := range inFlight {
		go func() {
			body := strings.NewReader(fmt.Sprintf(`{"notes":"patched by request %d"}`, i))
			req, _ := http.NewRequest("PATCH", base+"/v1/todos/"+id.String(), body)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+fixtures.AliceToken)
			resp, err := client.Do(req)
			if err != nil {
				statuses <- -1
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	require.Eventually(t, func() bool {
		var waiting int
		err := pool.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND application_name = 'todo-api' AND wait_event_type = 'Lock'`).Scan(&waiting)
		return err == nil && waiting == inFlight
	}, time.Minute, 10*time.Millisecond, "all requests are in flight, waiting on the lock")

	cancel() // SIGTERM
	ready, err := client.Get(base + "/readyz")
	require.NoError(t, err, "the listener stays open for the drain delay")
	ready.Body.Close()
	require.Equal(t, http.StatusServiceUnavailable, ready.StatusCode, "readiness fails as soon as the drain starts")
	require.Eventually(t, func() bool {
		resp, err := client.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
		}
		return err != nil
	}, time.Minute, 10*time.Millisecond, "after the drain delay the listener closes")

	require.NoError(t, tx.Rollback(context.Background()))
	for range inFlight {
		require.Equal(t, http.StatusOK, <-statuses, "every accepted request completes")
	}
	require.NoError(t, <-result, "run returns nil: exit 0")
	require.Contains(t, logs.String(), `"msg":"drained"`)

	var version int64
	require.NoError(t, pool.QueryRow(context.Background(), `SELECT version FROM todos WHERE id = $1`, id).Scan(&version))
	require.EqualValues(t, 1+inFlight, version)
}
