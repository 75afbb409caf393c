package logging_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/envconfig"
	"github.com/tsumiki-dev/tsumiki/libs/kit/logging"
)

func TestParseLevel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    slog.Level
		wantErr bool
	}{
		{name: "Debug", in: "debug", want: slog.LevelDebug},
		{name: "EmptyIsInfo", in: "", want: slog.LevelInfo},
		{name: "UpperCase", in: "WARN", want: slog.LevelWarn},
		{name: "Error", in: "error", want: slog.LevelError},
		{name: "Unknown", in: "loud", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := logging.ParseLevel(tt.in)
			if tt.wantErr {
				require.ErrorContains(t, err, "one of debug, info, warn, error")
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestNew(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := logging.New(&buf, "todo-api", slog.LevelInfo)
	log.Debug("hidden")
	log.Info("hello", "request_id", "r1")
	var line map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &line), "exactly one JSON line: %s", buf.String())
	require.Equal(t, "hello", line["msg"])
	require.Equal(t, "todo-api", line["service"])
	require.Equal(t, "r1", line["request_id"])
}

func TestFromEnv(t *testing.T) {
	t.Parallel()
	r := envconfig.New(func(string) string { return "WARN" })
	require.Equal(t, slog.LevelWarn, logging.FromEnv(r))
	require.NoError(t, r.Err())

	r = envconfig.New(func(string) string { return "" })
	require.Equal(t, slog.LevelInfo, logging.FromEnv(r))
	require.NoError(t, r.Err())

	r = envconfig.New(func(string) string { return "loud" })
	require.Equal(t, slog.LevelInfo, logging.FromEnv(r))
	require.EqualError(t, r.Err(), `LOG_LEVEL: "loud" is not one of debug, info, warn, error`)
}
