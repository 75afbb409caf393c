package localplatform

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// s3ShutdownTimeout bounds how long in-flight requests may run after a stop signal.
const s3ShutdownTimeout = 5 * time.Second

// ServeS3 serves an in-memory S3 API (gofakes3) on addr until ctx is done: the S3 stand-in.
// Buckets and objects are gone when it stops. Clients must use path-style addressing
// (aws-sdk-go-v2: s3.Options.UsePathStyle), since 127.0.0.1 cannot carry a bucket name as a
// host label. When ready is not nil it receives the bound address once the listener is open
// (tests listen on port 0). Logs go to w as JSON lines.
func ServeS3(ctx context.Context, addr string, w io.Writer, ready chan<- net.Addr) error {
	logger := slog.New(slog.NewJSONHandler(w, nil))
	faker := gofakes3.New(s3mem.New(), gofakes3.WithLogger(slogAdapter{logger: logger}))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
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
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s3ShutdownTimeout)
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
