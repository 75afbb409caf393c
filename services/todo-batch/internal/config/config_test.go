package config_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/postgres"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/catalogue"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/config"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs/duereminders"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs/exporttodos"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs/purgedeleted"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs/purgeidempotencykeys"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoad(t *testing.T) {
	t.Parallel()
	const db = "postgres://u@localhost:5432/db"
	all := catalogue.All()
	export, err := all.Lookup(exporttodos.Kind)
	require.NoError(t, err)
	defaultJobs := map[string]any{
		duereminders.Kind:         duereminders.Settings{Window: time.Hour, BatchSize: 1000},
		purgedeleted.Kind:         purgedeleted.Settings{After: 720 * time.Hour, BatchSize: 1000},
		exporttodos.Kind:          exporttodos.Settings{Prefix: "todos/", BatchSize: 500, MaxFailures: 100, StatementTimeout: 15 * time.Minute},
		purgeidempotencykeys.Kind: purgeidempotencykeys.Settings{After: 25 * time.Hour, BatchSize: 1000},
	}
	pool := postgres.PoolOptions{MaxConns: 20, ApplicationName: "todo-batch", StatementTimeout: postgres.DefaultStatementTimeout, IdleInTransactionTimeout: postgres.DefaultIdleInTransactionTimeout}
	tests := []struct {
		name     string
		env      map[string]string
		req      config.Request
		want     config.Config
		wantErrs []string
	}{
		{
			name: "Defaults",
			env:  map[string]string{"DATABASE_URL": db},
			req:  config.Request{Database: true, Jobs: all},
			want: config.Config{
				Database: postgres.Config{URL: db, Port: 5432}, Pool: pool, LogLevel: slog.LevelInfo, Environment: "local",
				SoftStopTimeout: 20 * time.Second, ShutdownTimeout: 25 * time.Second,
				MaxWorkers: 10, JobTimeout: 30 * time.Minute, JobRescueAfter: time.Hour, Jobs: defaultJobs,
			},
		},
		{
			name: "Overrides",
			env: map[string]string{"DATABASE_URL": db, "EXPORT_BUCKET": "b", "SOFT_STOP_TIMEOUT": "5s",
				"SHUTDOWN_TIMEOUT": "8s", "REMINDER_WINDOW": "15m", "REMINDER_BATCH_SIZE": "10",
				"JOB_TIMEOUT": "1s", "JOB_RESCUE_AFTER": "2s", "LOG_LEVEL": "debug", "DATABASE_MAX_CONNS": "4",
				"EXPORT_MAX_FAILURES": "7", "IDEMPOTENCY_PURGE_AFTER": "48h", "EXPORT_STATEMENT_TIMEOUT": "2m", "TSUMIKI_ENV": "prd"},
			req: config.Request{Database: true, Jobs: all},
			want: config.Config{
				Database: postgres.Config{URL: db, Port: 5432}, Pool: postgres.PoolOptions{MaxConns: 4, ApplicationName: "todo-batch", StatementTimeout: postgres.DefaultStatementTimeout, IdleInTransactionTimeout: postgres.DefaultIdleInTransactionTimeout},
				LogLevel: slog.LevelDebug, Environment: "prd", SoftStopTimeout: 5 * time.Second, ShutdownTimeout: 8 * time.Second,
				MaxWorkers: 10, JobTimeout: time.Second, JobRescueAfter: 2 * time.Second,
				Jobs: map[string]any{
					duereminders.Kind:         duereminders.Settings{Window: 15 * time.Minute, BatchSize: 10},
					purgedeleted.Kind:         purgedeleted.Settings{After: 720 * time.Hour, BatchSize: 1000},
					exporttodos.Kind:          exporttodos.Settings{Bucket: "b", Prefix: "todos/", BatchSize: 500, MaxFailures: 7, StatementTimeout: 2 * time.Minute},
					purgeidempotencykeys.Kind: purgeidempotencykeys.Settings{After: 48 * time.Hour, BatchSize: 1000},
				},
			},
		},
		{
			name: "IAMAuthentication",
			env: map[string]string{"DATABASE_HOST": "db.example", "DATABASE_NAME": "tsumiki", "DATABASE_USER": "todo_app",
				"AWS_REGION": "ap-northeast-1", "DATABASE_CA_FILE": "/etc/ssl/certs/rds-global-bundle.pem"},
			req: config.Request{Database: true, Jobs: all},
			want: config.Config{
				Database: postgres.Config{Host: "db.example", Port: 5432, Name: "tsumiki", User: "todo_app", Region: "ap-northeast-1", CAFile: "/etc/ssl/certs/rds-global-bundle.pem"},
				Pool:     pool, LogLevel: slog.LevelInfo, Environment: "local",
				SoftStopTimeout: 20 * time.Second, ShutdownTimeout: 25 * time.Second,
				MaxWorkers: 10, JobTimeout: 30 * time.Minute, JobRescueAfter: time.Hour, Jobs: defaultJobs,
			},
		},
		{
			name:     "IAMIncomplete",
			env:      map[string]string{"DATABASE_HOST": "db.example", "DATABASE_NAME": "tsumiki"},
			req:      config.Request{Database: true},
			wantErrs: []string{"DATABASE_USER: is required for IAM", "AWS_REGION: is required for IAM", "DATABASE_CA_FILE: is required for IAM"},
		},
		{
			name: "EveryProblemAtOnce",
			env: map[string]string{"SOFT_STOP_TIMEOUT": "soon", "REMINDER_BATCH_SIZE": "0", "REMINDER_WINDOW": "0s", "LOG_LEVEL": "loud", "DATABASE_MAX_CONNS": "many",
				"IDEMPOTENCY_PURGE_AFTER": "1h", "TSUMIKI_ENV": "dev"},
			req: config.Request{Database: true, Jobs: all, Run: jobs.Catalogue{export}},
			wantErrs: []string{"DATABASE_URL: is required", "EXPORT_BUCKET: is required by job export_todos", "SOFT_STOP_TIMEOUT: \"soon\"",
				"REMINDER_BATCH_SIZE: 0 is out of range", "REMINDER_WINDOW: must be positive", `LOG_LEVEL: "loud" is not one of debug, info, warn, error`,
				`DATABASE_MAX_CONNS: "many" is not an integer`, "AWS_REGION is required",
				"IDEMPOTENCY_PURGE_AFTER: 1h0m0s is shorter than todo-api's idempotency window", `TSUMIKI_ENV: "dev" is not one of local, stg, prd`},
		},
		{
			name:     "Inconsistent",
			env:      map[string]string{"DATABASE_URL": "mysql://x", "SOFT_STOP_TIMEOUT": "30s", "JOB_TIMEOUT": "2h"},
			wantErrs: []string{`DATABASE_URL: scheme "mysql": want postgres://`, "SHUTDOWN_TIMEOUT: 25s must exceed SOFT_STOP_TIMEOUT (30s)", "JOB_RESCUE_AFTER: 1h0m0s must be at least JOB_TIMEOUT (2h0m0s)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := config.Load(context.Background(), env(tt.env), tt.req)
			if tt.wantErrs != nil {
				require.Error(t, err)
				for _, want := range tt.wantErrs {
					require.ErrorContains(t, err, want)
				}
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}
