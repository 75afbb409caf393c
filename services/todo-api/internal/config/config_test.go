package config_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/postgres"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/config"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

var (
	defaultPool = postgres.PoolOptions{MaxConns: 10, ApplicationName: "todo-api",
		StatementTimeout: config.DefaultStatementTimeout, IdleInTransactionTimeout: config.DefaultIdleInTransactionTimeout}
	defaultLimits = config.Limits{RateLimitRequests: 100, RateLimitWindow: 10 * time.Second, RateLimitMaxTokens: 100_000,
		TodoQuota: 10_000, RequestTimeout: 10 * time.Second}
)

func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     map[string]string
		want    config.Config
		wantErr []string
	}{
		{
			name: "Defaults",
			env:  map[string]string{"DATABASE_URL": "postgres://x"},
			want: config.Config{Database: postgres.Config{URL: "postgres://x", Port: 5432}, HTTPAddr: "127.0.0.1:8080", ShutdownTimeout: 25 * time.Second, Pool: defaultPool, AuthCacheTTL: 10 * time.Second, Environment: "local", InternalAddr: "127.0.0.1:0", Limits: defaultLimits},
		},
		{
			name: "IAMAuthentication",
			env: map[string]string{"DATABASE_HOST": "db.example", "DATABASE_NAME": "tsumiki", "DATABASE_USER": "todo_app",
				"AWS_REGION": "ap-northeast-1", "DATABASE_CA_FILE": "/etc/ssl/certs/rds-global-bundle.pem", "TSUMIKI_ENV": "stg"},
			want: config.Config{Database: postgres.Config{Host: "db.example", Port: 5432, Name: "tsumiki", User: "todo_app", Region: "ap-northeast-1", CAFile: "/etc/ssl/certs/rds-global-bundle.pem"},
				HTTPAddr: "127.0.0.1:8080", ShutdownTimeout: 25 * time.Second, Pool: defaultPool, AuthCacheTTL: 10 * time.Second, Environment: "stg", InternalAddr: "127.0.0.1:0", Limits: defaultLimits},
		},
		{
			name: "Limits",
			env: map[string]string{"DATABASE_URL": "postgres://x", "RATE_LIMIT_REQUESTS": "5", "RATE_LIMIT_WINDOW": "2s", "RATE_LIMIT_MAX_TOKENS": "100",
				"TODO_QUOTA": "3", "REQUEST_TIMEOUT": "750ms", "DATABASE_STATEMENT_TIMEOUT": "200ms", "INTERNAL_HTTP_ADDR": ":9191"},
			want: config.Config{Database: postgres.Config{URL: "postgres://x", Port: 5432}, HTTPAddr: "127.0.0.1:8080", ShutdownTimeout: 25 * time.Second,
				Pool:         postgres.PoolOptions{MaxConns: 10, ApplicationName: "todo-api", StatementTimeout: 200 * time.Millisecond, IdleInTransactionTimeout: config.DefaultIdleInTransactionTimeout},
				AuthCacheTTL: 10 * time.Second, Environment: "local", InternalAddr: ":9191",
				Limits: config.Limits{RateLimitRequests: 5, RateLimitWindow: 2 * time.Second, RateLimitMaxTokens: 100, TodoQuota: 3, RequestTimeout: 750 * time.Millisecond}},
		},
		{
			name: "LimitsOutOfRange",
			env: map[string]string{"DATABASE_URL": "postgres://x", "RATE_LIMIT_REQUESTS": "0", "RATE_LIMIT_WINDOW": "10ms", "RATE_LIMIT_MAX_TOKENS": "1",
				"TODO_QUOTA": "0", "REQUEST_TIMEOUT": "2m", "INTERNAL_HTTP_ADDR": "127.0.0.1:8080"},
			wantErr: []string{"RATE_LIMIT_REQUESTS: 0 is out of range", "RATE_LIMIT_WINDOW: 10ms is out of range", "RATE_LIMIT_MAX_TOKENS: 1 is out of range",
				"TODO_QUOTA: 0 is out of range", "REQUEST_TIMEOUT: 2m0s is out of range", "INTERNAL_HTTP_ADDR: \"127.0.0.1:8080\" is HTTP_ADDR too"},
		},
		{
			name: "EveryMistakeAtOnce",
			env:  map[string]string{"HTTP_ADDR": "8080", "SHUTDOWN_TIMEOUT": "soon", "LOG_LEVEL": "loud", "DATABASE_MAX_CONNS": "0", "TSUMIKI_ENV": "dev"},
			wantErr: []string{"DATABASE_URL: is required", "HTTP_ADDR: \"8080\" is not host:port", "SHUTDOWN_TIMEOUT: \"soon\"",
				`LOG_LEVEL: "loud" is not one of debug, info, warn, error`, "DATABASE_MAX_CONNS: 0 is out of range", "TSUMIKI_ENV: \"dev\" is not one of local, stg, prd"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := config.Load(envOf(tt.env))
			if len(tt.wantErr) > 0 {
				require.Error(t, err)
				for _, w := range tt.wantErr {
					require.Contains(t, err.Error(), w)
				}
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}
