package config_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/postgres"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/config"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoad(t *testing.T) {
	t.Parallel()
	const db = "postgres://u@localhost:5432/db"
	tests := []struct {
		name     string
		env      map[string]string
		required []string
		want     config.Config
		wantErrs []string
	}{
		{
			name:     "Defaults",
			env:      map[string]string{"DATABASE_URL": db},
			required: []string{"DATABASE_URL"},
			want: config.Config{
				Database: postgres.Config{URL: db, Port: 5432}, ExportPrefix: "todos/", LogLevel: "info",
				SoftStopTimeout: 20 * time.Second, ShutdownTimeout: 25 * time.Second,
				ReminderWindow: time.Hour, ReminderBatchSize: 1000,
				PurgeAfter: 720 * time.Hour, PurgeBatchSize: 1000, ExportBatchSize: 500,
				MaxWorkers: 10, JobTimeout: 30 * time.Minute, JobRescueAfter: time.Hour, DBMaxConns: 20,
			},
		},
		{
			name: "Overrides",
			env: map[string]string{"DATABASE_URL": db, "EXPORT_BUCKET": "b", "SOFT_STOP_TIMEOUT": "5s",
				"SHUTDOWN_TIMEOUT": "8s", "REMINDER_WINDOW": "15m", "REMINDER_BATCH_SIZE": "10",
				"JOB_TIMEOUT": "1s", "JOB_RESCUE_AFTER": "2s", "LOG_LEVEL": "debug"},
			required: []string{"DATABASE_URL", "EXPORT_BUCKET"},
			want: config.Config{
				Database: postgres.Config{URL: db, Port: 5432}, ExportBucket: "b", ExportPrefix: "todos/", LogLevel: "debug",
				SoftStopTimeout: 5 * time.Second, ShutdownTimeout: 8 * time.Second,
				ReminderWindow: 15 * time.Minute, ReminderBatchSize: 10,
				PurgeAfter: 720 * time.Hour, PurgeBatchSize: 1000, ExportBatchSize: 500,
				MaxWorkers: 10, JobTimeout: time.Second, JobRescueAfter: 2 * time.Second, DBMaxConns: 20,
			},
		},
		{
			name: "IAMAuthentication",
			env: map[string]string{"DATABASE_HOST": "db.example", "DATABASE_NAME": "tsumiki", "DATABASE_USER": "todo_app",
				"AWS_REGION": "ap-northeast-1", "DATABASE_CA_FILE": "/etc/ssl/certs/rds-global-bundle.pem"},
			required: []string{"DATABASE_URL"},
			want: config.Config{
				Database:     postgres.Config{Host: "db.example", Port: 5432, Name: "tsumiki", User: "todo_app", Region: "ap-northeast-1", CAFile: "/etc/ssl/certs/rds-global-bundle.pem"},
				ExportPrefix: "todos/", LogLevel: "info",
				SoftStopTimeout: 20 * time.Second, ShutdownTimeout: 25 * time.Second,
				ReminderWindow: time.Hour, ReminderBatchSize: 1000,
				PurgeAfter: 720 * time.Hour, PurgeBatchSize: 1000, ExportBatchSize: 500,
				MaxWorkers: 10, JobTimeout: 30 * time.Minute, JobRescueAfter: time.Hour, DBMaxConns: 20,
			},
		},
		{
			name:     "IAMIncomplete",
			env:      map[string]string{"DATABASE_HOST": "db.example", "DATABASE_NAME": "tsumiki"},
			required: []string{"DATABASE_URL"},
			wantErrs: []string{"DATABASE_USER: is required for IAM", "AWS_REGION: is required for IAM", "DATABASE_CA_FILE: is required for IAM"},
		},
		{
			name:     "EveryProblemAtOnce",
			env:      map[string]string{"SOFT_STOP_TIMEOUT": "soon", "REMINDER_BATCH_SIZE": "0", "REMINDER_WINDOW": "0s", "LOG_LEVEL": "loud"},
			required: []string{"DATABASE_URL", "EXPORT_BUCKET"},
			wantErrs: []string{"DATABASE_URL: is required", "EXPORT_BUCKET: is required", "SOFT_STOP_TIMEOUT: \"soon\"",
				"REMINDER_BATCH_SIZE: 0 is out of range", "REMINDER_WINDOW: must be positive", "LOG_LEVEL: \"loud\""},
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
			got, err := config.Load(env(tt.env), tt.required...)
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
