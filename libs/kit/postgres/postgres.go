// Package postgres opens the platform's PostgreSQL connection pool and runs golang-migrate
// migrations embedded in a service binary. Services never migrate themselves at start-up in
// production; the `<service> migrate` subcommand, called by make or the deploy pipeline, does.
package postgres

import (
	"context"
	"fmt"
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
}

// NewPool parses databaseURL, opens a pool and pings the server once, so a wrong URL or an
// unreachable database fails at start-up rather than on the first request.
func NewPool(ctx context.Context, databaseURL string, opts PoolOptions) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		// The parse error can echo the password; say which variable instead.
		return nil, fmt.Errorf("parse database url: invalid connection string")
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	if opts.ApplicationName != "" {
		cfg.ConnConfig.RuntimeParams["application_name"] = opts.ApplicationName
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open pool: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("ping %s:%d/%s: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database, err)
	}
	return pool, nil
}
