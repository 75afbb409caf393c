package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/metrics"
	"github.com/tsumiki-dev/tsumiki/libs/kit/syncbuf"
	todoapi "github.com/tsumiki-dev/tsumiki/services/todo-api"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/fixtures"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/testdb"
)

// TestRun_RequestMetrics serves, answers a few requests and stops: the graceful stop writes
// the CloudWatch records of what was served to standard output (libs/kit/metrics' tests show
// LOG_LEVEL does not silence them); probes are not counted.
func TestRun_RequestMetrics(t *testing.T) {
	t.Parallel()
	url, _ := testdb.New(t)
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"fixtures"}, envOf(map[string]string{"DATABASE_URL": url, "TSUMIKI_ENV": "local"}), &out, &out))

	logs := &syncbuf.Buffer{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	result := make(chan error, 1)
	go func() {
		result <- run(ctx, nil, envOf(map[string]string{
			"DATABASE_URL": url,
			"HTTP_ADDR":    "127.0.0.1:0",
			"TSUMIKI_ENV":  "local",
		}), logs, logs)
	}()
	var base string
	require.Eventually(t, func() bool {
		base = listenAddr(logs.String())
		return base != ""
	}, time.Minute, 10*time.Millisecond, "run logs its address: %s", logs.String())

	get := func(path, token string) int {
		req, err := http.NewRequest("GET", base+path, nil)
		require.NoError(t, err)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	require.Equal(t, http.StatusOK, get("/v1/todos", fixtures.AliceToken))
	require.Equal(t, http.StatusOK, get("/v1/todos", fixtures.BobToken))
	require.Equal(t, http.StatusUnauthorized, get("/v1/todos", ""))
	require.Equal(t, http.StatusOK, get("/healthz", ""))
	cancel()
	require.NoError(t, <-result)

	recs, err := metrics.ParseRecords([]byte(logs.String()))
	require.NoError(t, err)
	spec := todoapi.Observability()
	ok := map[string]string{"Environment": "local", "Service": "todo-api", "Route": "/v1/todos", "StatusClass": "2xx"}
	for _, name := range []string{"Requests", "ServerErrors", "SlowRequests", "Latency"} {
		require.NoError(t, metrics.CheckEmitted(spec, recs, name, ok, 0), name)
	}
	require.Equal(t, 2.0, metrics.Sum(recs, "Requests", ok))
	require.Equal(t, 1.0, metrics.Sum(recs, "Requests", map[string]string{"StatusClass": "4xx"}))
	require.Equal(t, 3.0, metrics.Sum(recs, "Requests", nil), "probes are not counted")
}

// listenAddr returns the base URL from run's "listening" line, or "".
func listenAddr(logs string) string {
	for line := range strings.SplitSeq(logs, "\n") {
		var l struct{ Msg, Addr string }
		if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "listening" {
			return "http://" + l.Addr
		}
	}
	return ""
}
