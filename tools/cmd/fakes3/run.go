package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// shutdownTimeout bounds how long in-flight requests may run after a stop signal.
const shutdownTimeout = 5 * time.Second

// run parses args, listens on -addr and serves S3 until ctx is done. When ready is not nil it
// receives the bound address once the listener is open (tests listen on port 0).
func run(ctx context.Context, args []string, stdout, stderr io.Writer, ready chan<- net.Addr) error {
	fs := flag.NewFlagSet("fakes3", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8007", "`host:port` to listen on")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("parse arguments: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q; usage: fakes3 [-addr host:port]", fs.Args())
	}

	logger := slog.New(slog.NewJSONHandler(stdout, nil))
	faker := gofakes3.New(s3mem.New(), gofakes3.WithLogger(slogAdapter{logger: logger}))

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	srv := &http.Server{Handler: faker.Server(), ReadHeaderTimeout: 10 * time.Second}
	logger.InfoContext(ctx, "fakes3 listening", "addr", ln.Addr().String(), "backend", "memory")
	if ready != nil {
		ready <- ln.Addr()
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	logger.InfoContext(ctx, "fakes3 stopped")
	return nil
}

// slogAdapter sends gofakes3's log lines to slog. Only warnings and errors are kept: gofakes3
// logs every request at INFO, which would drown the log file in a test run.
type slogAdapter struct {
	logger *slog.Logger
}

// Print implements gofakes3.Logger.
func (a slogAdapter) Print(level gofakes3.LogLevel, v ...any) {
	msg := fmt.Sprint(v...)
	switch level {
	case gofakes3.LogErr:
		a.logger.Error(msg)
	case gofakes3.LogWarn:
		a.logger.Warn(msg)
	}
}
