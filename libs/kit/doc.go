// Package kit is the root of the small shared platform kit: the pieces two or more services
// really share (configuration from the environment, slog setup, the HTTP server with graceful
// shutdown, the PostgreSQL pool, AWS configuration with local endpoints). Each lives in its own
// subpackage named after what it provides.
//
// Every service reads its configuration the same way, in its internal/config package: an
// envconfig.Reader over the run function's getenv, postgres.FromEnv for the database and its
// pool (DATABASE_*), logging.FromEnv for LOG_LEVEL, awsconfig.Load for the AWS SDK, and logs
// JSON to stdout through logging.New. envnames lists every variable name the services read,
// one spelling per setting.
package kit
