// Package logging builds the platform's slog logger: JSON lines with snake_case keys, one
// configurable level, written to the writer the service's run function is given.
package logging

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// Levels are the accepted LOG_LEVEL values, most verbose first.
var Levels = []string{"debug", "info", "warn", "error"}

// ParseLevel turns one of Levels into a slog.Level. It returns an error naming the allowed
// values for anything else.
func ParseLevel(s string) (slog.Level, error) {
	switch strings.ToLower(s) {
	case "debug":
		return slog.LevelDebug, nil
	case "info", "":
		return slog.LevelInfo, nil
	case "warn":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("unknown log level %q; one of %s", s, strings.Join(Levels, ", "))
}

// New returns a JSON logger writing to w at level, tagged with the service name so that lines
// from several services in one stream stay apart.
func New(w io.Writer, service string, level slog.Level) *slog.Logger {
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})
	return slog.New(h).With(slog.String("service", service))
}
