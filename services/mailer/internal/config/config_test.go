package config_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/config"
)

func TestLoad(t *testing.T) {
	t.Parallel()
	env := map[string]string{"AWS_REGION": "ap-northeast-1", "MAIL_DLQ_URL": "http://q/dlq", "MAIL_IDEMPOTENCY_TABLE": "t",
		"MAIL_SENDERS": " a@x.dev, b@x.dev ", "LOG_LEVEL": "debug"}
	cfg, err := config.Load(context.Background(), func(k string) string { return env[k] }, config.Requirement{DLQ: true, Table: true})
	require.NoError(t, err)
	require.Equal(t, []string{"a@x.dev", "b@x.dev"}, cfg.Senders)
	require.Equal(t, slog.LevelDebug, cfg.LogLevel)
	require.Equal(t, 14*24*time.Hour, cfg.IdempotencyRetention)
	require.InDelta(t, 14.0, cfg.SendRate, 0)

	bad := map[string]string{"LOG_LEVEL": "loud", "MAIL_LOCAL_WAIT": "30s"}
	_, err = config.Load(context.Background(), func(k string) string { return bad[k] }, config.Requirement{Queue: true})
	require.ErrorContains(t, err, `LOG_LEVEL: "loud" is not one of debug, info, warn, error`)
	require.ErrorContains(t, err, "MAIL_QUEUE_URL: is required")
	require.ErrorContains(t, err, "MAIL_LOCAL_WAIT: want between 1s and 20s")
	require.ErrorContains(t, err, "AWS_REGION is required")
}

func TestInLambda(t *testing.T) {
	t.Parallel()
	require.True(t, config.InLambda(func(k string) string { return map[string]string{"AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001"}[k] }))
	require.False(t, config.InLambda(func(string) string { return "" }))
}
