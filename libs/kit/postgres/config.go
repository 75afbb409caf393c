package postgres

import (
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/jackc/pgx/v5"

	"github.com/tsumiki-dev/tsumiki/libs/kit/envconfig"
)

// The environment variables ReadConfig reads. A fact with one home: services, terraform (the
// task definitions in terraform/stacks) and the docs use these names.
const (
	EnvURL    = "DATABASE_URL"
	EnvHost   = "DATABASE_HOST"
	EnvPort   = "DATABASE_PORT"
	EnvName   = "DATABASE_NAME"
	EnvUser   = "DATABASE_USER"
	EnvCAFile = "DATABASE_CA_FILE"
	EnvRegion = "AWS_REGION"
	// EnvPasswordSecretARN is for the one-time bootstrap only (the RDS master user).
	EnvPasswordSecretARN = "DATABASE_PASSWORD_SECRET_ARN"
	// EnvMaxConns caps a service's pool (FromEnv).
	EnvMaxConns = "DATABASE_MAX_CONNS"
	// EnvStatementTimeout is the pool's statement_timeout (FromEnv), a Go duration.
	EnvStatementTimeout = "DATABASE_STATEMENT_TIMEOUT"
	// EnvIdleInTransactionTimeout is the pool's idle_in_transaction_session_timeout
	// (FromEnv), a Go duration.
	EnvIdleInTransactionTimeout = "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT"
)

// PoolDefaults are a service's defaults for the pool settings FromEnvDefaults reads.
type PoolDefaults struct {
	// MaxConns is the default of DATABASE_MAX_CONNS.
	MaxConns int
	// StatementTimeout is the default of DATABASE_STATEMENT_TIMEOUT.
	StatementTimeout time.Duration
	// IdleInTransactionTimeout is the default of DATABASE_IDLE_IN_TRANSACTION_TIMEOUT.
	IdleInTransactionTimeout time.Duration
}

// Generic defaults of FromEnv: bounds that no healthy statement or transaction of a service
// reaches, so that a runaway query or a transaction left open by a bug frees its connection
// and its locks instead of holding them until the process dies. A service whose requests
// have a shorter deadline passes its own (FromEnvDefaults).
const (
	// DefaultStatementTimeout is statement_timeout unless DATABASE_STATEMENT_TIMEOUT says
	// otherwise: 30 seconds.
	DefaultStatementTimeout = 30 * time.Second
	// DefaultIdleInTransactionTimeout is idle_in_transaction_session_timeout unless
	// DATABASE_IDLE_IN_TRANSACTION_TIMEOUT says otherwise: 60 seconds.
	DefaultIdleInTransactionTimeout = 60 * time.Second
	// maxServerTimeout is the largest timeout PostgreSQL accepts: INT_MAX milliseconds.
	maxServerTimeout = (1<<31 - 1) * time.Millisecond
)

// FromEnv reads everything a service needs to open its pool through r: the connection
// (ReadConfig), the pool size from DATABASE_MAX_CONNS, 1 to 1000, defaulting to
// defMaxConns, and the server-side timeouts (DATABASE_STATEMENT_TIMEOUT,
// DATABASE_IDLE_IN_TRANSACTION_TIMEOUT) with the generic defaults above. service becomes the
// pool's application_name. Problems are recorded in r.
func FromEnv(r *envconfig.Reader, service string, defMaxConns int) (Config, PoolOptions) {
	return FromEnvDefaults(r, service, PoolDefaults{
		MaxConns:                 defMaxConns,
		StatementTimeout:         DefaultStatementTimeout,
		IdleInTransactionTimeout: DefaultIdleInTransactionTimeout,
	})
}

// FromEnvDefaults is FromEnv with the service's own defaults. Each timeout is a Go duration
// from 1ms to about 24 days (PostgreSQL's limit); every pool a service opens this way sets
// both, so neither is ever the server's unlimited default.
func FromEnvDefaults(r *envconfig.Reader, service string, d PoolDefaults) (Config, PoolOptions) {
	c := ReadConfig(r)
	n := r.Int(EnvMaxConns, d.MaxConns, 1, 1000)
	o := PoolOptions{
		MaxConns:                 int32(n), //nolint:gosec // bounded to [1, 1000] by Int
		ApplicationName:          service,
		StatementTimeout:         r.Duration(EnvStatementTimeout, d.StatementTimeout),
		IdleInTransactionTimeout: r.Duration(EnvIdleInTransactionTimeout, d.IdleInTransactionTimeout),
	}
	o.StatementTimeout = serverTimeout(r, EnvStatementTimeout, o.StatementTimeout, d.StatementTimeout)
	o.IdleInTransactionTimeout = serverTimeout(r, EnvIdleInTransactionTimeout, o.IdleInTransactionTimeout, d.IdleInTransactionTimeout)
	return c, o
}

// serverTimeout checks a PostgreSQL timeout v read from name: 1ms to maxServerTimeout, else
// an error is recorded and def returned. Zero (which the server reads as "no limit") is
// refused: the point of these settings is a bound.
func serverTimeout(r *envconfig.Reader, name string, v, def time.Duration) time.Duration {
	if v < time.Millisecond || v > maxServerTimeout {
		r.Fail(name, "%s is out of range: want 1ms to %s", v, maxServerTimeout)
		return def
	}
	return v
}

// Config says how a service reaches PostgreSQL. There are three ways:
//
//   - URL: a postgres:// connection string with the password in it. Local development and
//     tests use it (the local PostgreSQL trusts 127.0.0.1).
//   - IAM database authentication (Host, Port, Name, User, Region, CAFile): in AWS. Every new
//     connection gets a fresh authentication token signed with the task's AWS credentials
//     (tokens live 15 minutes, so a pooled connection never reuses an old one), over TLS with
//     sslmode=verify-full against the RDS certificate authorities in CAFile.
//   - The same fields plus PasswordSecretARN: the password is read from that Secrets Manager
//     secret (RDS's managed master secret) for every new connection, so a rotated password
//     is picked up. Only `todo-api bootstrap` uses it, as the master user.
type Config struct {
	// URL is the connection string (DATABASE_URL), postgres:// or postgresql://. Empty
	// selects IAM authentication, which then needs the fields below.
	URL string
	// Host is the database host name (DATABASE_HOST), the RDS endpoint address; it is also the
	// name TLS verifies the server certificate against. Required without URL.
	Host string
	// Port is the database port (DATABASE_PORT), 1 to 65535. Defaults to 5432.
	Port uint16
	// Name is the database name (DATABASE_NAME). Required without URL.
	Name string
	// User is the database role to log in as (DATABASE_USER): todo_app for the services,
	// todo_migrator for `migrate`. It must be granted rds_iam. Required without URL.
	User string
	// Region is the AWS region the token is signed for (AWS_REGION). Required without URL.
	Region string
	// CAFile is the path of a PEM bundle of the certificate authorities that sign the
	// server's certificate (DATABASE_CA_FILE): the RDS global bundle, which the container
	// images carry at /etc/ssl/certs/rds-global-bundle.pem. Required without URL.
	CAFile string
	// PasswordSecretARN is a Secrets Manager secret holding a JSON object with a "password"
	// key, the shape of RDS's managed master user secret (DATABASE_PASSWORD_SECRET_ARN).
	// Optional, without URL only; set, it replaces the IAM token. For the bootstrap only.
	PasswordSecretARN string
	// Credentials sign the tokens. It is not read from the environment: nil means the AWS
	// SDK's default chain (in ECS, the task role), loaded when the pool opens.
	Credentials aws.CredentialsProvider
}

// IAM reports whether the configuration uses IAM database authentication (no URL, no
// password secret).
func (c Config) IAM() bool { return c.URL == "" && c.PasswordSecretARN == "" }

// ReadConfig reads the database variables through r, recording every missing or invalid one
// in r (call r.Err once every variable of the service is read). DATABASE_URL and the IAM
// variables are mutually exclusive.
func ReadConfig(r *envconfig.Reader) Config {
	c := Config{
		URL:    r.String(EnvURL, ""),
		Host:   r.String(EnvHost, ""),
		Port:   uint16(r.Int(EnvPort, 5432, 1, 65535)), //nolint:gosec // bounded to [1, 65535] by Int
		Name:   r.String(EnvName, ""),
		User:   r.String(EnvUser, ""),
		Region: r.String(EnvRegion, ""),
		CAFile: r.String(EnvCAFile, ""),

		PasswordSecretARN: r.String(EnvPasswordSecretARN, ""),
	}
	if c.URL != "" {
		if err := checkURL(c.URL); err != nil {
			r.Fail(EnvURL, "%v", err)
		}
		for _, name := range []string{EnvHost, EnvName, EnvUser, EnvCAFile, EnvPasswordSecretARN} {
			if r.String(name, "") != "" {
				r.Fail(name, "must not be set together with %s (a URL with a password, or IAM authentication, not both)", EnvURL)
			}
		}
		return c
	}
	if c.Host == "" && c.Name == "" && c.User == "" {
		r.Fail(EnvURL, "is required, or %s, %s and %s for IAM authentication", EnvHost, EnvName, EnvUser)
		return c
	}
	for _, v := range []struct{ name, value string }{
		{EnvHost, c.Host}, {EnvName, c.Name}, {EnvUser, c.User}, {EnvRegion, c.Region}, {EnvCAFile, c.CAFile},
	} {
		if v.value == "" {
			r.Fail(v.name, "is required for IAM authentication (%s is unset)", EnvURL)
		}
	}
	return c
}

// checkURL accepts postgres://, postgresql:// and golang-migrate's pgx5:// URLs that pgx can
// parse. Its errors never echo the URL, which holds a password.
func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("invalid connection string")
	}
	switch u.Scheme {
	case "postgres", "postgresql", "pgx5":
	default:
		return fmt.Errorf("scheme %q: want postgres://", u.Scheme)
	}
	return nil
}

// connString returns the pgx connection string: URL (pgx5:// turned into postgres://), or a
// keyword/value string built from the IAM fields with sslmode=verify-full and
// sslrootcert=CAFile, without a password: the BeforeConnect hook fills it in.
func (c Config) connString() (string, error) {
	if c.URL != "" {
		if err := checkURL(c.URL); err != nil {
			return "", fmt.Errorf("parse database url: %w", err)
		}
		u, _ := url.Parse(c.URL) // checked above
		if u.Scheme == "pgx5" {
			u.Scheme = "postgres"
		}
		return u.String(), nil
	}
	// Each value quoted, so that a path with spaces stays one value.
	return fmt.Sprintf("host=%s port=%d dbname=%s user=%s sslmode=verify-full sslrootcert=%s",
		quote(c.Host), c.Port, quote(c.Name), quote(c.User), quote(c.CAFile)), nil
}

// parseError reports a connection string that pgx refused. For a URL it names the variable
// only, since pgx's error can echo the password; otherwise it keeps pgx's error (a missing
// or unreadable CA bundle, for example: pgx reads sslrootcert while parsing).
func (c Config) parseError(err error) error {
	if c.URL != "" {
		return fmt.Errorf("parse database url: invalid connection string")
	}
	return fmt.Errorf("database configuration for %s@%s:%d/%s (CA bundle %s): %w", c.User, c.Host, c.Port, c.Name, c.CAFile, err)
}

// connConfig parses connString into a pgx connection configuration.
func (c Config) connConfig() (*pgx.ConnConfig, error) {
	s, err := c.connString()
	if err != nil {
		return nil, err
	}
	cc, err := pgx.ParseConfig(s)
	if err != nil {
		return nil, c.parseError(err)
	}
	return cc, nil
}

// quote quotes a keyword/value connection string value (libpq's rules: single quotes,
// backslash escapes).
func quote(v string) string {
	out := []byte{'\''}
	for i := 0; i < len(v); i++ {
		if v[i] == '\'' || v[i] == '\\' {
			out = append(out, '\\')
		}
		out = append(out, v[i])
	}
	return string(append(out, '\''))
}

// target names the database for error messages, without a password.
func target(cc *pgx.ConnConfig) string {
	return cc.User + "@" + cc.Host + ":" + strconv.Itoa(int(cc.Port)) + "/" + cc.Database
}
