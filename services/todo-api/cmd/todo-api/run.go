package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/tsumiki-dev/tsumiki/libs/kit/httpserver"
	"github.com/tsumiki-dev/tsumiki/libs/kit/logging"
	"github.com/tsumiki-dev/tsumiki/libs/kit/postgres"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/api"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/app"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/config"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/fixtures"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/httpapi"
	pgstore "github.com/tsumiki-dev/tsumiki/services/todo-api/internal/postgres"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/ratelimit"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/migrations"
)

const usage = `usage:
  todo-api [serve]                          serve the API on HTTP_ADDR
  todo-api migrate up|down|version|force VERSION
  todo-api bootstrap                        create the database roles, once, as the RDS master user
  todo-api token [mint] --email E [--name N] [--label L] [--expires-in D]
  todo-api token list --email E
  todo-api token revoke --email E (ID_OR_PREFIX... | --all)
  todo-api fixtures                         load the local fixtures (TSUMIKI_ENV=local only)`

// run is the whole program; main only wires signals. args exclude the program name.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		if len(args) > 0 {
			return fmt.Errorf("serve takes no arguments, got %q\n%s", strings.Join(args, " "), usage)
		}
		return serve(ctx, getenv, stdout)
	case "migrate":
		db, err := config.LoadDatabase(getenv)
		if err != nil {
			return err
		}
		return postgres.RunMigrateCommand(ctx, args, migrations.FS, db, migrations.Table, stdout)
	case "bootstrap":
		if len(args) > 0 {
			return fmt.Errorf("bootstrap takes no arguments, got %q\n%s", strings.Join(args, " "), usage)
		}
		return bootstrap(ctx, getenv, stdout)
	case "token":
		return tokenCommand(ctx, args, getenv, stdout, stderr)
	case "fixtures":
		return loadFixtures(ctx, getenv, stdout)
	case "help", "-h", "--help":
		_, err := fmt.Fprintln(stdout, usage)
		return err
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

// serve runs the HTTP API until ctx ends, then drains within cfg.ShutdownTimeout.
func serve(ctx context.Context, getenv func(string) string, stdout io.Writer) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	log := logging.New(stdout, config.Service, cfg.LogLevel)
	reqMetrics, stopMetrics, err := startMetrics(ctx, log, cfg.Environment)
	if err != nil {
		return err
	}
	// Deferred first, so it runs last: the final flush sees every drained request.
	defer stopMetrics()

	pool, err := postgres.Open(ctx, cfg.Database, cfg.Pool)
	if err != nil {
		return fmt.Errorf("connect to the database: %w", err)
	}
	// Closed last, after every in-flight request has finished with it.
	defer pool.Close()

	store := pgstore.New(pool)
	if !cfg.Local {
		if err := refuseFixtureTokens(ctx, app.NewAuth(store, 0, nil), cfg.Environment); err != nil {
			return err
		}
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	registerPoolMetrics(reg, pool)
	var draining atomic.Bool
	handler := httpapi.NewRouter(httpapi.Deps{
		Todos:    app.NewTodos(store, nil, nil).WithQuota(cfg.Limits.TodoQuota),
		Auth:     app.NewAuth(store, cfg.AuthCacheTTL, nil),
		Ping:     store.Ping,
		Draining: &draining,
		Logger:   log,
		Registry: reg,
		OpenAPI:  api.OpenAPI,
		Limiter: ratelimit.New(ratelimit.Config{
			Limit: cfg.Limits.RateLimitRequests, Window: cfg.Limits.RateLimitWindow, MaxKeys: cfg.Limits.RateLimitMaxTokens,
		}, nil),
		RequestTimeout: cfg.Limits.RequestTimeout,
		Metrics:        reqMetrics,
	})
	internal, err := serveInternal(ctx, cfg.InternalAddr, httpapi.NewInternalHandler(reg), log)
	if err != nil {
		return err
	}
	// Closed after the public drain, so metrics are scraped until the end.
	defer internal.Close()

	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on HTTP_ADDR %s: %w", cfg.HTTPAddr, err)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		// net/http's own complaints (bad requests, handshake errors) as JSON lines too.
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.InfoContext(ctx, "listening", "addr", ln.Addr().String(), "internal_addr", internal.Addr, "environment", cfg.Environment)
	return httpserver.Serve(ctx, srv, ln, httpserver.Options{
		ShutdownTimeout: cfg.ShutdownTimeout,
		DrainDelay:      cfg.DrainDelay,
		OnDrain:         func() { draining.Store(true) },
		Logger:          log,
	})
}

// serveInternal serves h (metrics) on addr, the internal listener the load balancer has no
// target group for, until the returned server is closed.
func serveInternal(ctx context.Context, addr string, h http.Handler, log *slog.Logger) (*http.Server, error) {
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s %s: %w", config.EnvInternalAddr, addr, err)
	}
	srv := &http.Server{
		Addr:              ln.Addr().String(),
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      30 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.ErrorContext(ctx, "internal listener stopped", "error", err)
		}
	}()
	return srv, nil
}

// bootstrap implements `todo-api bootstrap`: the one-time, idempotent creation of the
// database roles, run as the RDS master user (DATABASE_USER and DATABASE_PASSWORD_SECRET_ARN,
// the RDS-managed secret, read at connect time) by `make db/bootstrap ENV=...`.
func bootstrap(ctx context.Context, getenv func(string) string, stdout io.Writer) error {
	db, err := config.LoadDatabase(getenv)
	if err != nil {
		return err
	}
	pool, err := postgres.Open(ctx, db, postgres.PoolOptions{MaxConns: 1, ApplicationName: "todo-api-bootstrap"})
	if err != nil {
		return fmt.Errorf("connect to the database: %w", err)
	}
	defer pool.Close()
	// No arguments: pgx sends the file as one simple-protocol query, one implicit transaction.
	if _, err := pool.Exec(ctx, migrations.Bootstrap); err != nil {
		return fmt.Errorf("bootstrap: %w", err)
	}
	_, err = fmt.Fprintln(stdout, "bootstrap done: todo_migrator, todo_app and todo_readonly can log in")
	return err
}

// registerPoolMetrics exposes the pool's statistics, read at scrape time.
func registerPoolMetrics(reg prometheus.Registerer, pool *pgxpool.Pool) {
	gauge := func(name, help string, f func(*pgxpool.Stat) float64) {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help},
			func() float64 { return f(pool.Stat()) }))
	}
	counter := func(name, help string, f func(*pgxpool.Stat) float64) {
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help},
			func() float64 { return f(pool.Stat()) }))
	}
	gauge("db_pool_max_conns", "Maximum size of the PostgreSQL pool.", func(s *pgxpool.Stat) float64 { return float64(s.MaxConns()) })
	gauge("db_pool_total_conns", "Open PostgreSQL connections.", func(s *pgxpool.Stat) float64 { return float64(s.TotalConns()) })
	gauge("db_pool_acquired_conns", "PostgreSQL connections in use.", func(s *pgxpool.Stat) float64 { return float64(s.AcquiredConns()) })
	gauge("db_pool_idle_conns", "Idle PostgreSQL connections.", func(s *pgxpool.Stat) float64 { return float64(s.IdleConns()) })
	counter("db_pool_acquires_total", "Connections acquired from the pool.", func(s *pgxpool.Stat) float64 { return float64(s.AcquireCount()) })
	counter("db_pool_empty_acquires_total", "Acquires that had to wait for a connection.", func(s *pgxpool.Stat) float64 { return float64(s.EmptyAcquireCount()) })
	counter("db_pool_acquire_wait_seconds_total", "Time spent waiting for a connection.", func(s *pgxpool.Stat) float64 { return s.AcquireDuration().Seconds() })
}

// refuseFixtureTokens fails when a public fixture token is live in the database, so that a
// database that ever had `todo-api fixtures` run against it is not served outside local.
func refuseFixtureTokens(ctx context.Context, auth *app.Auth, env string) error {
	ids, err := auth.LiveTokens(ctx, fixtures.Tokens()...)
	if err != nil {
		return fmt.Errorf("check for fixture tokens: %w", err)
	}
	if len(ids) == 0 {
		return nil
	}
	strs := make([]string, len(ids))
	for i, id := range ids {
		strs[i] = id.String()
	}
	return fmt.Errorf("refusing to serve with %s=%s (not exactly %s): the public fixture tokens %s are live in this database; "+
		"revoke them with `todo-api token revoke --email <fixture user> --all` (the fixture users are in internal/fixtures)",
		config.EnvEnvironment, env, config.LocalEnvironment, strings.Join(strs, ", "))
}

// openStore connects for the one-shot subcommands.
func openStore(ctx context.Context, db postgres.Config) (*pgxpool.Pool, *app.Auth, error) {
	pool, err := postgres.Open(ctx, db, postgres.PoolOptions{MaxConns: 2, ApplicationName: "todo-api-cli"})
	if err != nil {
		return nil, nil, fmt.Errorf("connect to the database: %w", err)
	}
	return pool, app.NewAuth(pgstore.New(pool), 0, nil), nil
}

// openAuth connects for a token subcommand, with the token policy from the environment.
func openAuth(ctx context.Context, getenv func(string) string) (func(), *app.Auth, error) {
	db, dbErr := config.LoadDatabase(getenv)
	policy, policyErr := config.LoadTokenPolicy(getenv)
	if err := errors.Join(dbErr, policyErr); err != nil {
		return nil, nil, err
	}
	pool, auth, err := openStore(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	return pool.Close, auth.WithTokenPolicy(policy), nil
}

// loadFixtures implements `todo-api fixtures`.
func loadFixtures(ctx context.Context, getenv func(string) string, stdout io.Writer) error {
	if err := config.RequireLocal(getenv); err != nil {
		return fmt.Errorf("fixtures: refusing to load public fixture tokens: %w", err)
	}
	db, err := config.LoadDatabase(getenv)
	if err != nil {
		return err
	}
	pool, auth, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := fixtures.Load(ctx, pool, auth); err != nil {
		return fmt.Errorf("fixtures: %w", err)
	}
	_, err = fmt.Fprintf(stdout, "fixtures loaded: %s (%d todos) token %s; %s (%d todos) token %s\n",
		fixtures.AliceEmail, fixtures.AliceTodos, fixtures.AliceToken, fixtures.BobEmail, fixtures.BobTodos, fixtures.BobToken)
	return err
}
