// Package config reads todo-api's configuration from environment variables, once, into a
// documented struct, and reports every missing or invalid variable at once, each by name.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/tsumiki-dev/tsumiki/libs/kit/envconfig"
	"github.com/tsumiki-dev/tsumiki/libs/kit/logging"
	"github.com/tsumiki-dev/tsumiki/libs/kit/postgres"
)

// Config is the todo-api configuration, read from the environment once at start-up.
type Config struct {
	// Database is how the service reaches PostgreSQL: DATABASE_URL locally, or IAM database
	// authentication in AWS (DATABASE_HOST, DATABASE_PORT, DATABASE_NAME, DATABASE_USER,
	// AWS_REGION, DATABASE_CA_FILE; the service logs in as todo_app). See postgres.Config.
	Database postgres.Config
	// HTTPAddr is the host:port to listen on (HTTP_ADDR). Defaults to 127.0.0.1:8080; the
	// container image sets :8080.
	HTTPAddr string
	// ShutdownTimeout bounds the drain of in-flight requests after SIGTERM
	// (SHUTDOWN_TIMEOUT). Defaults to 25 seconds, inside the 30 seconds ECS allows.
	ShutdownTimeout time.Duration
	// DrainDelay keeps accepting connections, with /readyz failing, this long after SIGTERM
	// before closing the listener (SHUTDOWN_DRAIN_DELAY). Defaults to 0: ECS deregisters the
	// task from its load balancer before signalling it.
	DrainDelay time.Duration
	// LogLevel is debug, info, warn or error (LOG_LEVEL, logging.FromEnv). Defaults to info.
	LogLevel slog.Level
	// Pool sizes the PostgreSQL pool: DATABASE_MAX_CONNS (postgres.FromEnv), 1 to 1000.
	// Defaults to 10.
	Pool postgres.PoolOptions
	// AuthCacheTTL keeps authenticated tokens in memory this long (AUTH_CACHE_TTL), so a
	// revoked token may work for up to this long. Defaults to 10 seconds; 0 disables it.
	AuthCacheTTL time.Duration
	// Environment is local, stg or prd (TSUMIKI_ENV). Defaults to local. Fixtures, whose
	// tokens are public, load only in local.
	Environment string
	// Limits are the abuse limits: rate limit, quota, request deadline (see Limits).
	Limits Limits
	// InternalAddr is the host:port of the internal listener that serves /metrics
	// (INTERNAL_HTTP_ADDR), logged at start-up as internal_addr. Defaults to 127.0.0.1:0, an
	// ephemeral port, so that local servers and tests never collide; the container image sets
	// 127.0.0.1:9090, reachable by a sidecar in the task and by nothing outside it (the load
	// balancer has no target group on it).
	InternalAddr string
}

// Limits bound what one client can make the service do (issue 15). Every field has a
// default that production runs with; the design doc's security section lists them.
type Limits struct {
	// RateLimitRequests is the size of each API token's token bucket: the burst a token may
	// send at once, and the RateLimit-Limit it is told (RATE_LIMIT_REQUESTS). Defaults to
	// 100; 1 to 1,000,000.
	RateLimitRequests int
	// RateLimitWindow is how long an empty bucket takes to refill completely
	// (RATE_LIMIT_WINDOW), so a token's sustained rate is RateLimitRequests per
	// RateLimitWindow. Defaults to 10 seconds (10 requests per second); 1s to 1h.
	RateLimitWindow time.Duration
	// RateLimitMaxTokens bounds the buckets kept in memory (RATE_LIMIT_MAX_TOKENS), one per
	// API token seen recently; about 100 bytes each. Defaults to 100,000 (about 10 MB); 100
	// to 10,000,000.
	RateLimitMaxTokens int
	// TodoQuota is the most live (not deleted) todos one user may have (TODO_QUOTA); a
	// create beyond it is refused with 403. Defaults to 10,000; 1 to 10,000,000.
	TodoQuota int
	// RequestTimeout is every request's deadline (REQUEST_TIMEOUT): the handler's context is
	// cancelled then, and with it its database work; the client gets 503. Defaults to 10
	// seconds, inside the load balancer's 60-second idle timeout; 100ms to 60s.
	RequestTimeout time.Duration
}

// Defaults of todo-api's database timeouts (postgres.FromEnvDefaults): a statement longer
// than half the request deadline is a bug or an attack, and a transaction idle for a whole
// request deadline belongs to a request that is gone.
const (
	DefaultStatementTimeout         = 5 * time.Second
	DefaultIdleInTransactionTimeout = 10 * time.Second
)

// Service is the name todo-api logs under and reports to PostgreSQL as application_name.
const Service = "todo-api"

// Variable names of todo-api's own settings. The database variables are postgres.FromEnv's
// and LOG_LEVEL is logging.FromEnv's.
const (
	EnvHTTPAddr        = "HTTP_ADDR"
	EnvShutdownTimeout = "SHUTDOWN_TIMEOUT"
	EnvDrainDelay      = "SHUTDOWN_DRAIN_DELAY"
	EnvAuthCacheTTL    = "AUTH_CACHE_TTL"
	EnvEnvironment     = "TSUMIKI_ENV"
	EnvInternalAddr    = "INTERNAL_HTTP_ADDR"

	EnvRateLimitRequests  = "RATE_LIMIT_REQUESTS"
	EnvRateLimitWindow    = "RATE_LIMIT_WINDOW"
	EnvRateLimitMaxTokens = "RATE_LIMIT_MAX_TOKENS"
	EnvTodoQuota          = "TODO_QUOTA"
	EnvRequestTimeout     = "REQUEST_TIMEOUT"
)

// Environments are the valid TSUMIKI_ENV values.
var Environments = []string{"local", "stg", "prd"}

// ErrInvalid is wrapped by every error Load and LoadDatabase return.
var ErrInvalid = errors.New("configuration")

// Load reads Config through getenv, reporting every missing or invalid variable at once.
func Load(getenv func(string) string) (Config, error) {
	r := envconfig.New(getenv)
	c := Config{
		HTTPAddr:        r.String(EnvHTTPAddr, "127.0.0.1:8080"),
		ShutdownTimeout: r.PositiveDuration(EnvShutdownTimeout, 25*time.Second),
		DrainDelay:      r.Duration(EnvDrainDelay, 0),
		LogLevel:        logging.FromEnv(r),
		AuthCacheTTL:    r.Duration(EnvAuthCacheTTL, 10*time.Second),
		Environment:     r.OneOf(EnvEnvironment, "local", Environments...),
		InternalAddr:    r.String(EnvInternalAddr, "127.0.0.1:0"),
		Limits: Limits{
			RateLimitRequests:  r.Int(EnvRateLimitRequests, 100, 1, 1_000_000),
			RateLimitWindow:    r.Duration(EnvRateLimitWindow, 10*time.Second),
			RateLimitMaxTokens: r.Int(EnvRateLimitMaxTokens, 100_000, 100, 10_000_000),
			TodoQuota:          r.Int(EnvTodoQuota, 10_000, 1, 10_000_000),
			RequestTimeout:     r.Duration(EnvRequestTimeout, 10*time.Second),
		},
	}
	c.Limits.RateLimitWindow = bound(r, EnvRateLimitWindow, c.Limits.RateLimitWindow, 10*time.Second, time.Second, time.Hour)
	c.Limits.RequestTimeout = bound(r, EnvRequestTimeout, c.Limits.RequestTimeout, 10*time.Second, 100*time.Millisecond, time.Minute)
	c.Database, c.Pool = postgres.FromEnvDefaults(r, Service, postgres.PoolDefaults{
		MaxConns:                 10,
		StatementTimeout:         DefaultStatementTimeout,
		IdleInTransactionTimeout: DefaultIdleInTransactionTimeout,
	})
	for name, addr := range map[string]string{EnvHTTPAddr: c.HTTPAddr, EnvInternalAddr: c.InternalAddr} {
		if _, _, err := net.SplitHostPort(addr); err != nil {
			r.Fail(name, "%q is not host:port, such as 127.0.0.1:8080 or :8080", addr)
		}
	}
	if _, port, _ := net.SplitHostPort(c.InternalAddr); c.HTTPAddr == c.InternalAddr && port != "0" {
		r.Fail(EnvInternalAddr, "%q is HTTP_ADDR too: /metrics must not be served on the public listener", c.InternalAddr)
	}
	if err := r.Err(); err != nil {
		return Config{}, fmt.Errorf("%w:\n%w", ErrInvalid, err)
	}
	return c, nil
}

// bound returns the duration v read from name if it is from lo to hi; otherwise it records
// an error and returns def.
func bound(r *envconfig.Reader, name string, v, def, lo, hi time.Duration) time.Duration {
	if v < lo || v > hi {
		r.Fail(name, "%s is out of range [%s, %s]", v, lo, hi)
		return def
	}
	return v
}

// LoadDatabase reads only the database variables, for the one-shot subcommands (migrate,
// bootstrap, token, fixtures), reporting every bad one at once.
func LoadDatabase(getenv func(string) string) (postgres.Config, error) {
	r := envconfig.New(getenv)
	c := postgres.ReadConfig(r)
	if err := r.Err(); err != nil {
		return postgres.Config{}, fmt.Errorf("%w:\n%w", ErrInvalid, err)
	}
	return c, nil
}

// LoadEnvironment reads TSUMIKI_ENV alone: local (the default), stg or prd.
func LoadEnvironment(getenv func(string) string) (string, error) {
	r := envconfig.New(getenv)
	env := r.OneOf(EnvEnvironment, "local", Environments...)
	if err := r.Err(); err != nil {
		return "", fmt.Errorf("%w:\n%w", ErrInvalid, err)
	}
	return env, nil
}
