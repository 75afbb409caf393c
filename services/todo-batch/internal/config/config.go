// Package config reads todo-batch's configuration from environment variables, once, into a
// documented struct, and reports every missing or invalid variable at once.
package config

import (
	"fmt"
	"time"

	"github.com/tsumiki-dev/tsumiki/libs/kit/envconfig"
	"github.com/tsumiki-dev/tsumiki/libs/kit/logging"
	"github.com/tsumiki-dev/tsumiki/libs/kit/postgres"
)

// Variable names, as documented in design-docs/todo-batch.md. The mail client reads its own
// (MAIL_QUEUE_URL, MAIL_SENDERS) and the AWS SDK the AWS_* ones; see libs/mailer and
// libs/kit/awsconfig.
//
// The database variables are postgres.ReadConfig's (DATABASE_URL locally, or DATABASE_HOST,
// DATABASE_PORT, DATABASE_NAME, DATABASE_USER, AWS_REGION and DATABASE_CA_FILE for IAM
// database authentication in AWS); EnvDatabaseURL, passed to Load as required, stands for
// "this command needs a database" and accepts either way.
const (
	EnvDatabaseURL       = postgres.EnvURL
	EnvExportBucket      = "EXPORT_BUCKET"
	EnvExportPrefix      = "EXPORT_PREFIX"
	EnvSoftStopTimeout   = "SOFT_STOP_TIMEOUT"
	EnvShutdownTimeout   = "SHUTDOWN_TIMEOUT"
	EnvReminderWindow    = "REMINDER_WINDOW"
	EnvReminderBatchSize = "REMINDER_BATCH_SIZE"
	EnvPurgeAfter        = "PURGE_AFTER"
	EnvPurgeBatchSize    = "PURGE_BATCH_SIZE"
	EnvExportBatchSize   = "EXPORT_BATCH_SIZE"
	EnvMaxWorkers        = "MAX_WORKERS"
	EnvJobTimeout        = "JOB_TIMEOUT"
	EnvJobRescueAfter    = "JOB_RESCUE_AFTER"
	EnvDBMaxConns        = "DB_MAX_CONNS"
	EnvLogLevel          = "LOG_LEVEL"
)

// Config is the todo-batch configuration, read from the environment.
type Config struct {
	// Database is how todo-batch reaches the PostgreSQL database it shares with todo-api
	// (River's tables live there too): DATABASE_URL locally, IAM authentication as todo_app
	// in AWS (todo_migrator for `migrate`). Required by every command except `jobs`.
	Database postgres.Config
	// ExportBucket is the S3 bucket export_todos writes to. Required by `worker` and `run
	// export_todos`.
	ExportBucket string
	// ExportPrefix is prepended to every export object key. Defaults to "todos/".
	ExportPrefix string
	// LogLevel is one of debug, info, warn, error. Defaults to info.
	LogLevel string
	// SoftStopTimeout is how long the worker lets running jobs finish after SIGTERM before
	// it cancels them (River hands cancelled jobs back to the queue). Defaults to 20s.
	SoftStopTimeout time.Duration
	// ShutdownTimeout bounds the whole stop after SIGTERM, inside the 30 s that ECS allows.
	// Defaults to 25s; must exceed SoftStopTimeout.
	ShutdownTimeout time.Duration
	// ReminderWindow: todos due within this duration from now get a reminder. Defaults to 1h.
	ReminderWindow time.Duration
	// ReminderBatchSize is how many due todos one reminder batch scans. Defaults to 1000.
	ReminderBatchSize int
	// PurgeAfter is how long a soft-deleted todo is kept before purge_deleted deletes it.
	// Defaults to 720h (30 days).
	PurgeAfter time.Duration
	// PurgeBatchSize is how many todos one purge transaction deletes. Defaults to 1000.
	PurgeBatchSize int
	// ExportBatchSize is how many users one export query lists. Defaults to 500.
	ExportBatchSize int
	// MaxWorkers is how many jobs the worker runs at once. Defaults to 10.
	MaxWorkers int
	// JobTimeout cancels a job running longer than this. Defaults to 30m.
	JobTimeout time.Duration
	// JobRescueAfter: a job still marked running after this long (its worker died) is put
	// back on the queue by River's rescuer. Defaults to 1h; must be at least JobTimeout.
	JobRescueAfter time.Duration
	// DBMaxConns is the size of the PostgreSQL connection pool. Defaults to 20.
	DBMaxConns int
}

// Load parses the environment through getenv. required names the variables the calling
// command needs; every other variable is optional but still validated when set. The error
// joins one error per bad or missing variable, each naming it.
func Load(getenv func(string) string, required ...string) (Config, error) {
	r := envconfig.New(getenv)
	needDatabase := false
	for _, name := range required {
		if name == EnvDatabaseURL {
			needDatabase = true
			continue
		}
		r.Required(name)
	}
	c := Config{
		ExportBucket:      r.String(EnvExportBucket, ""),
		ExportPrefix:      r.String(EnvExportPrefix, "todos/"),
		LogLevel:          r.OneOf(EnvLogLevel, "info", logging.Levels...),
		SoftStopTimeout:   positive(r, EnvSoftStopTimeout, 20*time.Second),
		ShutdownTimeout:   positive(r, EnvShutdownTimeout, 25*time.Second),
		ReminderWindow:    positive(r, EnvReminderWindow, time.Hour),
		ReminderBatchSize: r.Int(EnvReminderBatchSize, 1000, 1, 100_000),
		PurgeAfter:        positive(r, EnvPurgeAfter, 30*24*time.Hour),
		PurgeBatchSize:    r.Int(EnvPurgeBatchSize, 1000, 1, 100_000),
		ExportBatchSize:   r.Int(EnvExportBatchSize, 500, 1, 100_000),
		MaxWorkers:        r.Int(EnvMaxWorkers, 10, 1, 1000),
		JobTimeout:        positive(r, EnvJobTimeout, 30*time.Minute),
		JobRescueAfter:    positive(r, EnvJobRescueAfter, time.Hour),
		DBMaxConns:        r.Int(EnvDBMaxConns, 20, 2, 1000),
	}
	// A command that needs no database still has its database variables checked when set.
	if needDatabase || r.String(postgres.EnvURL, "") != "" || r.String(postgres.EnvHost, "") != "" {
		c.Database = postgres.ReadConfig(r)
	}
	if c.ShutdownTimeout <= c.SoftStopTimeout {
		r.Fail(EnvShutdownTimeout, "%s must exceed %s (%s)", c.ShutdownTimeout, EnvSoftStopTimeout, c.SoftStopTimeout)
	}
	if c.JobRescueAfter < c.JobTimeout {
		r.Fail(EnvJobRescueAfter, "%s must be at least %s (%s)", c.JobRescueAfter, EnvJobTimeout, c.JobTimeout)
	}
	if err := r.Err(); err != nil {
		return Config{}, fmt.Errorf("configuration: %w", err)
	}
	return c, nil
}

// positive reads a duration that must be greater than zero.
func positive(r *envconfig.Reader, name string, def time.Duration) time.Duration {
	d := r.Duration(name, def)
	if d == 0 {
		r.Fail(name, "must be positive")
		return def
	}
	return d
}
