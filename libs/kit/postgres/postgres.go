// Package postgres opens the platform's PostgreSQL connection pool and runs golang-migrate
// migrations embedded in a service binary. Services never migrate themselves at start-up in
// production; the `<service> migrate` subcommand, called by make or the deploy pipeline, does.
//
// # Who connects as whom
//
// Locally and in tests a service connects with DATABASE_URL (a password in the URL). In AWS it
// logs in with IAM database authentication (see Config): the services as todo_app, the
// migrate subcommand as todo_migrator, each over TLS verified against the RDS CA bundle. The
// RDS master user is only for the one-time bootstrap that creates those roles.
//
// # Errors
//
// Open and NewPool return an error naming the database (never its password) when the
// configuration does not parse, the CA bundle cannot be read, credentials cannot be loaded,
// or the first ping fails.
package postgres

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// PoolOptions tune the pool beyond what the connection string says.
type PoolOptions struct {
	// MaxConns caps open connections; zero keeps pgxpool's default (the larger of 4 and the
	// number of CPUs).
	MaxConns int32
	// ApplicationName is reported in pg_stat_activity, so operators can tell services apart.
	ApplicationName string
	// StatementTimeout is the server's statement_timeout on every connection of the pool:
	// a statement running (or waiting for a lock) longer is cancelled with SQLSTATE 57014
	// (see IsTimeout). Zero keeps the server's default (none); services set it (FromEnv).
	StatementTimeout time.Duration
	// IdleInTransactionTimeout is the server's idle_in_transaction_session_timeout: a
	// session idle inside an open transaction longer is closed by the server, releasing its
	// locks. Zero keeps the server's default (none); services set it (FromEnv).
	IdleInTransactionTimeout time.Duration
}

// NewPool opens a pool on databaseURL; it is Open with Config{URL: databaseURL}.
func NewPool(ctx context.Context, databaseURL string, opts PoolOptions) (*pgxpool.Pool, error) {
	return Open(ctx, Config{URL: databaseURL}, opts)
}

// Open opens a pool as cfg describes and pings the server once, so a wrong configuration or
// an unreachable database fails at start-up rather than on the first request. With IAM
// authentication every connection the pool opens, now or hours later, signs its own token.
func Open(ctx context.Context, cfg Config, opts PoolOptions) (*pgxpool.Pool, error) {
	poolCfg, err := cfg.poolConfig(ctx, opts)
	if err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(ctx, poolCfg)
	if err != nil {
		return nil, fmt.Errorf("open pool: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("ping %s: %w", target(poolCfg.ConnConfig), err)
	}
	return pool, nil
}

// poolConfig builds the pool configuration of cfg with opts applied.
func (c Config) poolConfig(ctx context.Context, opts PoolOptions) (*pgxpool.Config, error) {
	s, err := c.connString()
	if err != nil {
		return nil, err
	}
	poolCfg, err := pgxpool.ParseConfig(s)
	if err != nil {
		return nil, c.parseError(err)
	}
	if opts.MaxConns > 0 {
		poolCfg.MaxConns = opts.MaxConns
	}
	if opts.ApplicationName != "" {
		poolCfg.ConnConfig.RuntimeParams["application_name"] = opts.ApplicationName
	}
	// Startup parameters: set in the connection's first packet, no extra round trip, and on
	// every connection the pool ever opens.
	if opts.StatementTimeout > 0 {
		poolCfg.ConnConfig.RuntimeParams["statement_timeout"] = strconv.FormatInt(opts.StatementTimeout.Milliseconds(), 10)
	}
	if opts.IdleInTransactionTimeout > 0 {
		poolCfg.ConnConfig.RuntimeParams["idle_in_transaction_session_timeout"] = strconv.FormatInt(opts.IdleInTransactionTimeout.Milliseconds(), 10)
	}
	poolCfg.BeforeConnect, err = c.beforeConnect(ctx)
	if err != nil {
		return nil, err
	}
	return poolCfg, nil
}
