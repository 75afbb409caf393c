// Package httpserver runs an http.Server with the platform's graceful shutdown: when the
// context ends (SIGTERM from ECS), readiness fails at once, the listener closes, in-flight
// requests finish within a budget, and Serve returns nil.
package httpserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Options tune the drain that follows the end of Serve's context.
type Options struct {
	// ShutdownTimeout bounds how long in-flight requests may run after the drain starts.
	// ECS kills a task 30 seconds after SIGTERM, so services use 25 seconds.
	ShutdownTimeout time.Duration
	// DrainDelay keeps the listener open, answering with failing readiness, for this long
	// before closing it, for load balancers that only learn of the drain from /readyz. Zero
	// (the default) closes at once: ECS deregisters a task from its ALB before SIGTERM.
	DrainDelay time.Duration
	// OnDrain is called first when the drain starts; services flip readiness to failing here.
	OnDrain func()
	// Logger receives one line when the drain starts and one when it ends. Required.
	Logger *slog.Logger
}

// Serve serves srv on ln until ctx is done, then drains as Options say. It returns nil after
// a clean drain, an error wrapping context.DeadlineExceeded when in-flight requests outlived
// ShutdownTimeout (they are then cut off), or the error that stopped the server early.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener, opts Options) error {
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	select {
	case err := <-serveErr:
		return fmt.Errorf("serve http on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}

	opts.Logger.Info("draining", "shutdown_timeout", opts.ShutdownTimeout.String(), "drain_delay", opts.DrainDelay.String())
	if opts.OnDrain != nil {
		opts.OnDrain()
	}
	if opts.DrainDelay > 0 {
		time.Sleep(opts.DrainDelay)
	}
	// The parent context is already cancelled; the drain gets its own budget.
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), opts.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		_ = srv.Close()
		return fmt.Errorf("drain http server: %w", err)
	}
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve http on %s: %w", ln.Addr(), err)
	}
	opts.Logger.Info("drained")
	return nil
}
