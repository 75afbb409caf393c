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
			want: config.Config{Database: postgres.Config{URL: "postgres://x", Port: 5432}, HTTPAddr: "127.0.0.1:8080", ShutdownTimeout: 25 * time.Second, Pool: postgres.PoolOptions{MaxConns: 10, ApplicationName: "todo-api"}, AuthCacheTTL: 10 * time.Second, Environment: "local"},
		},
		{
			name: "IAMAuthentication",
			env: map[string]string{"DATABASE_HOST": "db.example", "DATABASE_NAME": "tsumiki", "DATABASE_USER": "todo_app",
				"AWS_REGION": "ap-northeast-1", "DATABASE_CA_FILE": "/etc/ssl/certs/rds-global-bundle.pem", "TSUMIKI_ENV": "stg"},
			want: config.Config{Database: postgres.Config{Host: "db.example", Port: 5432, Name: "tsumiki", User: "todo_app", Region: "ap-northeast-1", CAFile: "/etc/ssl/certs/rds-global-bundle.pem"},
				HTTPAddr: "127.0.0.1:8080", ShutdownTimeout: 25 * time.Second, Pool: postgres.PoolOptions{MaxConns: 10, ApplicationName: "todo-api"}, AuthCacheTTL: 10 * time.Second, Environment: "stg"},
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
