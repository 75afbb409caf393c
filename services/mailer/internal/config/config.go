// Package config reads the mailer's configuration from environment variables, once, into a
// documented struct, and reports every missing or invalid variable at once, each by name.
package config

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/tsumiki-dev/tsumiki/libs/kit/awsconfig"
	"github.com/tsumiki-dev/tsumiki/libs/kit/envconfig"
	"github.com/tsumiki-dev/tsumiki/libs/kit/logging"
	"github.com/tsumiki-dev/tsumiki/libs/kit/metrics"
)

// Config is the mailer's configuration, read from the environment. Which variables are
// required depends on the command; see loadConfig.
type Config struct {
	// AWS is the SDK configuration: AWS_REGION, credentials, AWS_ENDPOINT_URL_<SERVICE>.
	AWS aws.Config
	// QueueURL is the mail queue (MAIL_QUEUE_URL). Required by run-local and dlq redrive.
	QueueURL string
	// DLQURL is the mail dead-letter queue (MAIL_DLQ_URL). Required by the handler and dlq.
	DLQURL string
	// IdempotencyTable is the DynamoDB table of the idempotency store
	// (MAIL_IDEMPOTENCY_TABLE). Required by the handler.
	IdempotencyTable string
	// IdempotencyRetention is how long store items live (MAIL_IDEMPOTENCY_RETENTION, a Go
	// duration). Defaults to 336h (14 days), the longest SQS message retention, so no
	// redelivery or redrive can outlive its item.
	IdempotencyRetention time.Duration
	// ConfigurationSet is the SES configuration set every mail uses
	// (MAIL_SES_CONFIGURATION_SET). Optional.
	ConfigurationSet string
	// EventsQueueARN is the queue of the configuration set's SES events, bounces and
	// complaints (MAIL_EVENTS_QUEUE_ARN). Optional: when set, the Lambda hands batches from
	// that queue (its records' eventSourceARN) to the event handler, every other batch to the
	// mail handler.
	EventsQueueARN string
	// SuppressionTable, when set, keeps the suppression list in this DynamoDB table
	// (MAIL_SUPPRESSION_TABLE) instead of SES's account-level suppression list. The local
	// platform sets it (to the idempotency table): the local SES stand-in has no suppression
	// API. In AWS it stays unset.
	SuppressionTable string
	// SendRate is the most SES sends per second of one instance (MAIL_SEND_RATE_PER_SECOND).
	// Defaults to 14, SES's default production quota; divide the account quota by the Lambda's
	// maximum concurrency.
	SendRate float64
	// Senders are the only From identities the handler sends from (MAIL_SENDERS,
	// comma-separated). Optional: empty trusts the producers' validation and SES's verified
	// identities.
	Senders []string
	// DeadlineMargin is how long before the invocation deadline the handler stops taking
	// records (MAIL_DEADLINE_MARGIN). Defaults to 3s.
	DeadlineMargin time.Duration
	// LocalWait is the local runner's long-poll wait (MAIL_LOCAL_WAIT, whole seconds, at most
	// 20s). Defaults to 5s; stopping the runner waits for the current poll.
	LocalWait time.Duration
	// LocalTimeout is the local runner's synthetic invocation timeout per batch
	// (MAIL_LOCAL_TIMEOUT). Defaults to 30s, like the Lambda's.
	LocalTimeout time.Duration
	// LogLevel is LOG_LEVEL (logging.FromEnv): debug, info (default), warn or error.
	LogLevel slog.Level
	// Environment is TSUMIKI_ENV (metrics.EnvironmentFromEnv): local (default), stg or prd,
	// the Environment dimension of the CloudWatch metrics.
	Environment string
}

// Service is the name the mailer logs under.
const Service = "mailer"

// EnvLambdaRuntimeAPI is set by AWS Lambda in a function's environment.
const EnvLambdaRuntimeAPI = "AWS_LAMBDA_RUNTIME_API"

// InLambda reports whether the process runs as an AWS Lambda function (AWS_LAMBDA_RUNTIME_API
// is set), where the mailer serves the handler without a command.
func InLambda(getenv func(string) string) bool {
	return getenv(EnvLambdaRuntimeAPI) != ""
}

// Requirement says which variables, optional in general, a command needs.
type Requirement struct {
	// Queue requires MAIL_QUEUE_URL.
	Queue bool
	// DLQ requires MAIL_DLQ_URL.
	DLQ bool
	// Table requires MAIL_IDEMPOTENCY_TABLE.
	Table bool
}

// Load reads the configuration and reports every missing or invalid variable at once.
func Load(ctx context.Context, getenv func(string) string, need Requirement) (Config, error) {
	r := envconfig.New(getenv)
	cfg := Config{
		ConfigurationSet:     r.String("MAIL_SES_CONFIGURATION_SET", ""),
		EventsQueueARN:       r.String("MAIL_EVENTS_QUEUE_ARN", ""),
		SuppressionTable:     r.String("MAIL_SUPPRESSION_TABLE", ""),
		IdempotencyRetention: r.Duration("MAIL_IDEMPOTENCY_RETENTION", 14*24*time.Hour),
		DeadlineMargin:       r.Duration("MAIL_DEADLINE_MARGIN", 3*time.Second),
		LocalWait:            r.Duration("MAIL_LOCAL_WAIT", 5*time.Second),
		LocalTimeout:         r.Duration("MAIL_LOCAL_TIMEOUT", 30*time.Second),
	}
	cfg.QueueURL = r.RequiredIf("MAIL_QUEUE_URL", need.Queue)
	cfg.DLQURL = r.RequiredIf("MAIL_DLQ_URL", need.DLQ)
	cfg.IdempotencyTable = r.RequiredIf("MAIL_IDEMPOTENCY_TABLE", need.Table)

	cfg.SendRate = 14
	if v := r.String("MAIL_SEND_RATE_PER_SECOND", ""); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f <= 0 {
			r.Fail("MAIL_SEND_RATE_PER_SECOND", "want a positive number of sends per second, got %q", v)
		}
		cfg.SendRate = f
	}
	for s := range strings.SplitSeq(r.String("MAIL_SENDERS", ""), ",") {
		if s = strings.TrimSpace(s); s != "" {
			cfg.Senders = append(cfg.Senders, s)
		}
	}
	if cfg.LocalWait > 20*time.Second || cfg.LocalWait < time.Second {
		r.Fail("MAIL_LOCAL_WAIT", "want between 1s and 20s (the SQS long-poll range), got %s", cfg.LocalWait)
	}
	if cfg.IdempotencyRetention < time.Hour {
		r.Fail("MAIL_IDEMPOTENCY_RETENTION", "want at least 1h, got %s", cfg.IdempotencyRetention)
	}
	cfg.LogLevel = logging.FromEnv(r)
	cfg.Environment = metrics.EnvironmentFromEnv(r)
	awsCfg, awsErr := awsconfig.Load(ctx, getenv)
	cfg.AWS = awsCfg
	if err := r.Err(); err != nil || awsErr != nil {
		return Config{}, fmt.Errorf("configuration: %w", errors.Join(err, awsErr))
	}
	return cfg, nil
}
