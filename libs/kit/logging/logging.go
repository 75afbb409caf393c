// Package logging builds the platform's slog logger: JSON lines with snake_case keys, one
// configurable level (LOG_LEVEL, read by FromEnv), written to the writer the service's run
// function is given. Every service logs to its standard output (stdout); errors that end
// the process go to stderr as one line from main.
package logging

import (
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/tsumiki-dev/tsumiki/libs/kit/envconfig"
)

// EnvLevel is the variable that holds the log level, in every service.
const EnvLevel = "LOG_LEVEL"

// Levels are the accepted LOG_LEVEL values, most verbose first.
var Levels = []string{"debug", "info", "warn", "error"}

// ParseLevel turns one of Levels (any case; empty means info) into a slog.Level. It returns
// an error naming the allowed values for anything else.
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

// FromEnv reads LOG_LEVEL through r (default info). A bad value is recorded in r, naming the
// variable and the valid values, and info is returned.
func FromEnv(r *envconfig.Reader) slog.Level {
	v := r.String(EnvLevel, "info")
	level, err := ParseLevel(v)
	if err != nil {
		r.Fail(EnvLevel, "%q is not one of %s", v, strings.Join(Levels, ", "))
		return slog.LevelInfo
	}
	return level
}

// New returns a JSON logger writing to w at level, tagged with the service name so that lines
// from several services in one stream stay apart.
func New(w io.Writer, service string, level slog.Level) *slog.Logger {
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})
	return slog.New(h).With(slog.String("service", service))
}
