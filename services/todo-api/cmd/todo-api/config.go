package main

import (
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
	// LogLevel is debug, info, warn or error (LOG_LEVEL). Defaults to info.
	LogLevel slog.Level
	// MaxConns caps the PostgreSQL pool (DATABASE_MAX_CONNS), 1 to 1000. Defaults to 10.
	MaxConns int
	// AuthCacheTTL keeps authenticated tokens in memory this long (AUTH_CACHE_TTL), so a
	// revoked token may work for up to this long. Defaults to 10 seconds; 0 disables it.
	AuthCacheTTL time.Duration
	// Environment is local, stg or prd (TSUMIKI_ENV). Defaults to local. Fixtures, whose
	// tokens are public, load only in local.
	Environment string
}

// loadConfig reads Config through getenv, reporting every missing or invalid variable at once.
func loadConfig(getenv func(string) string) (Config, error) {
	r := envconfig.New(getenv)
	c := Config{
		Database:        postgres.ReadConfig(r),
		HTTPAddr:        r.String("HTTP_ADDR", "127.0.0.1:8080"),
		ShutdownTimeout: r.Duration("SHUTDOWN_TIMEOUT", 25*time.Second),
		DrainDelay:      r.Duration("SHUTDOWN_DRAIN_DELAY", 0),
		MaxConns:        r.Int("DATABASE_MAX_CONNS", 10, 1, 1000),
		AuthCacheTTL:    r.Duration("AUTH_CACHE_TTL", 10*time.Second),
		Environment:     r.OneOf("TSUMIKI_ENV", "local", "local", "stg", "prd"),
	}
	if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
		r.Fail("HTTP_ADDR", "%q is not host:port, such as 127.0.0.1:8080 or :8080", c.HTTPAddr)
	}
	level, err := logging.ParseLevel(r.String("LOG_LEVEL", "info"))
	if err != nil {
		r.Fail("LOG_LEVEL", "%v", err)
	}
	c.LogLevel = level
	if c.ShutdownTimeout == 0 {
		r.Fail("SHUTDOWN_TIMEOUT", "must be positive")
	}
	return c, r.Err()
}

// loadDatabaseConfig reads only the database variables, for the one-shot subcommands
// (migrate, token, fixtures), reporting every missing or invalid one at once.
func loadDatabaseConfig(getenv func(string) string) (postgres.Config, error) {
	r := envconfig.New(getenv)
	c := postgres.ReadConfig(r)
	if err := r.Err(); err != nil {
		return postgres.Config{}, fmt.Errorf("configuration:\n%w", err)
	}
	return c, nil
}
