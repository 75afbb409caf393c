// Package envnames is the one list of environment variables that Tsumiki's services read: one
// spelling per setting across every service (DATABASE_MAX_CONNS, never DB_MAX_CONNS). Each
// name is read in exactly one place (a kit helper such as postgres.FromEnv or logging.FromEnv
// for the shared ones, the service's internal/config or a todo-batch job's spec for its own);
// this list is what terraform stacks, Makefiles and docs may set.
//
// tools/internal/envcheck scans the services' Go code and the terraform stacks and fails when
// a service reads a name missing here (a second spelling of a setting), when a name here is
// read by no service, or when a stack sets a name its service does not read.
package envnames

import "slices"

// Var is one environment variable.
type Var struct {
	// Name is the variable's name.
	Name string
	// Doc says what it holds and who reads it.
	Doc string
	// Indirect marks a name no service spells out in Go: the AWS SDK or a helper builds it at
	// run time (AWS_ENDPOINT_URL_<SERVICE>), so the scan cannot see it read.
	Indirect bool
}

// All is every variable a service reads, by name.
var All = []Var{
	// Shared: libs/kit and libs/mailer.
	{Name: "AWS_ACCESS_KEY_ID", Doc: "static AWS credentials (local stand-ins); unset in AWS (awsconfig)"},
	{Name: "AWS_ENDPOINT_URL", Doc: "one endpoint for every AWS service (awsconfig)"},
	{Name: "AWS_ENDPOINT_URL_DYNAMODB", Doc: "local DynamoDB stand-in (awsconfig)", Indirect: true},
	{Name: "AWS_ENDPOINT_URL_S3", Doc: "local S3 stand-in; also turns on path-style addressing (todo-batch)"},
	{Name: "AWS_ENDPOINT_URL_SESV2", Doc: "local SES v2 stand-in (awsconfig)", Indirect: true},
	{Name: "AWS_ENDPOINT_URL_SQS", Doc: "local SQS stand-in (awsconfig)", Indirect: true},
	{Name: "AWS_LAMBDA_RUNTIME_API", Doc: "set by AWS Lambda; the mailer serves the Lambda when set"},
	{Name: "AWS_REGION", Doc: "AWS region (awsconfig; IAM database authentication)"},
	{Name: "AWS_SECRET_ACCESS_KEY", Doc: "static AWS credentials (local stand-ins); unset in AWS (awsconfig)"},
	{Name: "AWS_SESSION_TOKEN", Doc: "session token of static AWS credentials (awsconfig)"},
	{Name: "DATABASE_CA_FILE", Doc: "RDS CA bundle for TLS verify-full (postgres.FromEnv)"},
	{Name: "DATABASE_HOST", Doc: "database host for IAM authentication (postgres.FromEnv)"},
	{Name: "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT", Doc: "idle_in_transaction_session_timeout of a service's pool (postgres.FromEnv)"},
	{Name: "DATABASE_MAX_CONNS", Doc: "pool size of a service, 1 to 1000 (postgres.FromEnv)"},
	{Name: "DATABASE_NAME", Doc: "database name for IAM authentication (postgres.FromEnv)"},
	{Name: "DATABASE_PASSWORD_SECRET_ARN", Doc: "RDS master secret, bootstrap only (postgres.FromEnv)"},
	{Name: "DATABASE_PORT", Doc: "database port, default 5432 (postgres.FromEnv)"},
	{Name: "DATABASE_STATEMENT_TIMEOUT", Doc: "statement_timeout of a service's pool (postgres.FromEnv)"},
	{Name: "DATABASE_URL", Doc: "postgres:// connection string, local and tests (postgres.FromEnv)"},
	{Name: "DATABASE_USER", Doc: "database role for IAM authentication (postgres.FromEnv)"},
	{Name: "LOG_LEVEL", Doc: "debug, info, warn or error (logging.FromEnv)"},
	{Name: "MAIL_QUEUE_URL", Doc: "the mail queue (libs/mailer; the mailer's local runner)"},
	{Name: "MAIL_SENDERS", Doc: "comma-separated From identities (libs/mailer; the mailer)"},
	{Name: "SHUTDOWN_TIMEOUT", Doc: "graceful stop budget after SIGTERM (todo-api, todo-batch)"},
	{Name: "TSUMIKI_ENV", Doc: "local, stg or prd: the metrics' Environment dimension (metrics.EnvironmentFromEnv); todo-api's fixtures"},

	// todo-api.
	{Name: "TOKEN_DEFAULT_TTL", Doc: "todo-api token: lifetime of a token minted without --expires-in"},
	{Name: "TOKEN_MAX_TTL", Doc: "todo-api token: longest --expires-in"},
	{Name: "AUTH_CACHE_TTL", Doc: "todo-api: how long authenticated tokens are cached"},
	{Name: "HTTP_ADDR", Doc: "todo-api: host:port to listen on"},
	{Name: "INTERNAL_HTTP_ADDR", Doc: "todo-api: host:port of the internal listener (/metrics)"},
	{Name: "RATE_LIMIT_MAX_TOKENS", Doc: "todo-api: most API tokens' rate-limit buckets kept in memory"},
	{Name: "RATE_LIMIT_REQUESTS", Doc: "todo-api: rate-limit bucket size (burst) per API token"},
	{Name: "RATE_LIMIT_WINDOW", Doc: "todo-api: time for an empty rate-limit bucket to refill"},
	{Name: "REQUEST_TIMEOUT", Doc: "todo-api: every request's deadline"},
	{Name: "SHUTDOWN_DRAIN_DELAY", Doc: "todo-api: keep accepting this long after SIGTERM"},
	{Name: "TODO_QUOTA", Doc: "todo-api: most live todos per user"},

	// todo-batch, and its jobs' own settings (internal/jobs/<job>).
	{Name: "EXPORT_BATCH_SIZE", Doc: "todo-batch export_todos: users per query"},
	{Name: "EXPORT_BUCKET", Doc: "todo-batch export_todos: the S3 bucket"},
	{Name: "EXPORT_MAX_FAILURES", Doc: "todo-batch export_todos: failed users before a run gives up"},
	{Name: "EXPORT_PREFIX", Doc: "todo-batch export_todos: object key prefix"},
	{Name: "EXPORT_STATEMENT_TIMEOUT", Doc: "todo-batch export_todos: statement timeout of one user's streaming query"},
	{Name: "IDEMPOTENCY_PURGE_AFTER", Doc: "todo-batch purge_idempotency_keys: age of a purged key"},
	{Name: "IDEMPOTENCY_PURGE_BATCH_SIZE", Doc: "todo-batch purge_idempotency_keys: keys per transaction"},
	{Name: "JOB_RESCUE_AFTER", Doc: "todo-batch: rescue jobs running longer than this"},
	{Name: "JOB_TIMEOUT", Doc: "todo-batch: cancel jobs running longer than this"},
	{Name: "MAX_WORKERS", Doc: "todo-batch: jobs run at once"},
	{Name: "PURGE_AFTER", Doc: "todo-batch purge_deleted: keep soft-deleted todos this long"},
	{Name: "PURGE_BATCH_SIZE", Doc: "todo-batch purge_deleted: todos per transaction"},
	{Name: "REMINDER_BATCH_SIZE", Doc: "todo-batch due_reminders: due todos per batch"},
	{Name: "REMINDER_WINDOW", Doc: "todo-batch due_reminders: remind todos due within this"},
	{Name: "SOFT_STOP_TIMEOUT", Doc: "todo-batch: let running jobs finish this long after SIGTERM"},

	// mailer.
	{Name: "MAIL_DEADLINE_MARGIN", Doc: "mailer: stop taking records this long before the deadline"},
	{Name: "MAIL_DLQ_URL", Doc: "mailer: the dead-letter queue"},
	{Name: "MAIL_EVENTS_QUEUE_ARN", Doc: "mailer: the queue of SES bounce and complaint events"},
	{Name: "MAIL_IDEMPOTENCY_RETENTION", Doc: "mailer: how long idempotency items live"},
	{Name: "MAIL_IDEMPOTENCY_TABLE", Doc: "mailer: the DynamoDB idempotency table"},
	{Name: "MAIL_LOCAL_TIMEOUT", Doc: "mailer local runner: synthetic invocation timeout"},
	{Name: "MAIL_LOCAL_WAIT", Doc: "mailer local runner: long-poll wait"},
	{Name: "MAIL_SEND_RATE_PER_SECOND", Doc: "mailer: SES sends per second of one instance"},
	{Name: "MAIL_SES_CONFIGURATION_SET", Doc: "mailer: SES configuration set"},
	{Name: "MAIL_SUPPRESSION_TABLE", Doc: "mailer: DynamoDB table standing in for SES's suppression list (local)"},
}

// Lookup returns the variable called name, and whether it is in All.
func Lookup(name string) (Var, bool) {
	i := slices.IndexFunc(All, func(v Var) bool { return v.Name == name })
	if i < 0 {
		return Var{}, false
	}
	return All[i], true
}
