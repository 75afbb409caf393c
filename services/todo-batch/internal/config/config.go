// Package config reads todo-batch's configuration from environment variables, once, into a
// documented struct, and reports every missing or invalid variable at once. The service-wide
// settings are here; each job's own settings and required variables are in its spec
// (internal/jobs/<job>), which Load iterates over.
package config

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/tsumiki-dev/tsumiki/libs/kit/awsconfig"
	"github.com/tsumiki-dev/tsumiki/libs/kit/envconfig"
	"github.com/tsumiki-dev/tsumiki/libs/kit/logging"
	"github.com/tsumiki-dev/tsumiki/libs/kit/metrics"
	"github.com/tsumiki-dev/tsumiki/libs/kit/postgres"
	"github.com/tsumiki-dev/tsumiki/libs/mailer"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
)

// Variable names of the service-wide settings, as documented in design-docs/todo-batch.md.
// The database variables are postgres.FromEnv's (DATABASE_URL locally, or DATABASE_HOST,
// DATABASE_PORT, DATABASE_NAME, DATABASE_USER, AWS_REGION and DATABASE_CA_FILE for IAM
// database authentication in AWS; DATABASE_MAX_CONNS), LOG_LEVEL is logging.FromEnv's, the
// mail client reads its own (MAIL_QUEUE_URL, MAIL_SENDERS) and the AWS SDK the AWS_* ones.
const (
	EnvSoftStopTimeout = "SOFT_STOP_TIMEOUT"
	EnvShutdownTimeout = "SHUTDOWN_TIMEOUT"
	EnvMaxWorkers      = "MAX_WORKERS"
	EnvJobTimeout      = "JOB_TIMEOUT"
	EnvJobRescueAfter  = "JOB_RESCUE_AFTER"
)

// Service is the name todo-batch logs under and reports to PostgreSQL as application_name.
const Service = "todo-batch"

// Config is the todo-batch configuration, read from the environment.
type Config struct {
	// Database is how todo-batch reaches the PostgreSQL database it shares with todo-api
	// (River's tables live there too): DATABASE_URL locally, IAM authentication as todo_app
	// in AWS (todo_migrator for `migrate`). Set when the command needs a database.
	Database postgres.Config
	// Pool sizes the pool: DATABASE_MAX_CONNS, 1 to 1000, defaults to 20. Set with
	// Database.
	Pool postgres.PoolOptions
	// LogLevel is LOG_LEVEL: debug, info, warn or error. Defaults to info.
	LogLevel slog.Level
	// Environment is TSUMIKI_ENV (metrics.EnvironmentFromEnv): local, stg or prd, the
	// Environment dimension of the CloudWatch metrics. Defaults to local.
	Environment string
	// SoftStopTimeout is how long the worker lets running jobs finish after SIGTERM before
	// it cancels them (River hands cancelled jobs back to the queue). Defaults to 20s.
	SoftStopTimeout time.Duration
	// ShutdownTimeout bounds the whole stop after SIGTERM, inside the 30 s that ECS allows.
	// Defaults to 25s; must exceed SoftStopTimeout.
	ShutdownTimeout time.Duration
	// MaxWorkers is how many jobs the worker runs at once. Defaults to 10.
	MaxWorkers int
	// JobTimeout cancels a job running longer than this. Defaults to 30m.
	JobTimeout time.Duration
	// JobRescueAfter: a job still marked running after this long (its worker died) is put
	// back on the queue by River's rescuer. Defaults to 1h; must be at least JobTimeout.
	JobRescueAfter time.Duration
	// Jobs holds each job's own settings by kind, as its spec read them.
	Jobs map[string]any
	// Mail is the mail client's configuration; nil unless a job to run needs mail.
	Mail *mailer.Config
	// AWS is the AWS SDK configuration; nil unless a job to run needs S3.
	AWS *aws.Config
	// S3PathStyle addresses buckets by path, as the local S3 stand-in (gofakes3) needs: true
	// when AWS_ENDPOINT_URL_S3 is set.
	S3PathStyle bool
}

// EnvS3Endpoint points the S3 client at a local stand-in (read by the AWS SDK through
// libs/kit/awsconfig; here only to choose path-style addressing).
const EnvS3Endpoint = "AWS_ENDPOINT_URL_S3"

// Request says what the calling command needs.
type Request struct {
	// Database is true for every command that opens the database.
	Database bool
	// Jobs are every job the binary knows; their settings are read, and validated when set.
	Jobs jobs.Catalogue
	// Run are the jobs this command may run: their required variables and the shared
	// dependencies they need (mail, S3) must be configured.
	Run jobs.Catalogue
}

// Load parses the environment through getenv for req. The error joins one error per bad or
// missing variable, each naming it.
func Load(ctx context.Context, getenv func(string) string, req Request) (Config, error) {
	r := envconfig.New(getenv)
	c := Config{
		LogLevel:        logging.FromEnv(r),
		Environment:     metrics.EnvironmentFromEnv(r),
		SoftStopTimeout: r.PositiveDuration(EnvSoftStopTimeout, 20*time.Second),
		ShutdownTimeout: r.PositiveDuration(EnvShutdownTimeout, 25*time.Second),
		MaxWorkers:      r.Int(EnvMaxWorkers, 10, 1, 1000),
		JobTimeout:      r.PositiveDuration(EnvJobTimeout, 30*time.Minute),
		JobRescueAfter:  r.PositiveDuration(EnvJobRescueAfter, time.Hour),
		Jobs:            map[string]any{},
	}
	// A command that needs no database still has its database variables checked when set.
	if req.Database || r.String(postgres.EnvURL, "") != "" || r.String(postgres.EnvHost, "") != "" {
		c.Database, c.Pool = postgres.FromEnv(r, Service, 20)
	}
	if c.ShutdownTimeout <= c.SoftStopTimeout {
		r.Fail(EnvShutdownTimeout, "%s must exceed %s (%s)", c.ShutdownTimeout, EnvSoftStopTimeout, c.SoftStopTimeout)
	}
	if c.JobRescueAfter < c.JobTimeout {
		r.Fail(EnvJobRescueAfter, "%s must be at least %s (%s)", c.JobRescueAfter, EnvJobTimeout, c.JobTimeout)
	}
	for _, s := range req.Jobs {
		c.Jobs[s.Kind] = s.ReadSettings(r)
	}
	for _, s := range req.Run {
		for _, name := range s.Required {
			if strings.TrimSpace(getenv(name)) == "" {
				r.Fail(name, "is required by job %s", s.Kind)
			}
		}
	}
	errs := []error{r.Err()}
	needs := req.Run.Needs()
	if needs.Mail {
		mcfg, err := mailer.ConfigFromEnv(ctx, getenv)
		errs = append(errs, err)
		c.Mail = &mcfg
	}
	if needs.S3 {
		awsCfg, err := awsconfig.Load(ctx, getenv)
		errs = append(errs, err)
		c.AWS = &awsCfg
		c.S3PathStyle = r.String(EnvS3Endpoint, "") != ""
	}
	if err := errors.Join(errs...); err != nil {
		return Config{}, fmt.Errorf("configuration: %w", err)
	}
	return c, nil
}
