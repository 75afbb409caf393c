package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/testenv"
)

func TestRun(t *testing.T) {
	t.Run("ReportsEveryMissingVariable", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), nil, func(string) string { return "" }, &stdout, &stderr)
		require.Error(t, err)
		for _, name := range requiredEnv {
			require.ErrorContains(t, err, name+" is not set")
		}
		require.Empty(t, stdout.String())
	})

	t.Run("RejectsUnknownEnvironment", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), []string{"-env", "dev"}, func(string) string { return "x" }, &stdout, &stderr)
		require.ErrorContains(t, err, `environment "dev": must be one of local, stg, prd`)
	})

	t.Run("PrintsOutputs", func(t *testing.T) {
		env := map[string]string{}
		for _, name := range requiredEnv {
			env[name] = testenv.Require(t, name)
		}
		project := fmt.Sprintf("lr%d", time.Now().UnixNano()%1_000_000_000)
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), []string{"-project", project}, func(k string) string { return env[k] }, &stdout, &stderr)
		require.NoError(t, err, stderr.String())
		lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
		require.Equal(t, []string{
			"MAIL_QUEUE_URL=" + strings.TrimSuffix(env["AWS_ENDPOINT_URL_SQS"], "/") + "/123456789012/" + project + "-local-mailer-queue",
			"MAIL_DLQ_URL=" + strings.TrimSuffix(env["AWS_ENDPOINT_URL_SQS"], "/") + "/123456789012/" + project + "-local-mailer-queue-dlq",
			"MAIL_IDEMPOTENCY_TABLE=" + project + "-local-mailer-idempotency",
			"EXPORT_BUCKET=" + project + "-local-todo-batch-exports",
		}, lines)
	})
}
