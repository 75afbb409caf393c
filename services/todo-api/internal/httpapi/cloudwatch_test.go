package httpapi_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/metrics"
	"github.com/tsumiki-dev/tsumiki/libs/kit/syncbuf"
	todoapi "github.com/tsumiki-dev/tsumiki/services/todo-api"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/api"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/app"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/httpapi"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/postgres"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/testdb"
)

// slowStore answers GetTodo after delay, past the latency SLO's GET threshold.
type slowStore struct {
	app.TodoStore
	delay time.Duration
}

func (s slowStore) GetTodo(ctx context.Context, owner, id uuid.UUID) (domain.Todo, error) {
	time.Sleep(s.delay)
	return s.TodoStore.GetTodo(ctx, owner, id)
}

// newMetricsEnv is newEnvWith with the CloudWatch request metrics wired as serve wires them,
// writing to the env's logs; flush writes what was observed.
func newMetricsEnv(t *testing.T, wrap func(*postgres.Store) app.TodoStore) (e *env, flush func() []metrics.Record) {
	t.Helper()
	_, pool := testdb.New(t)
	store := postgres.New(pool)
	e = &env{t: t, draining: &atomic.Bool{}, logs: &syncbuf.Buffer{}}
	e.auth = app.NewAuth(store, 0, nil)
	e.ping = store.Ping
	log := slog.New(slog.NewJSONHandler(e.logs, nil))
	spec := todoapi.Observability()
	em, err := metrics.New(spec, metrics.Options{Logger: log, Environment: "local", Service: todoapi.ServiceName})
	require.NoError(t, err)
	rm, err := httpapi.NewRequestMetrics(em, spec)
	require.NoError(t, err)
	require.Empty(t, em.Unrecorded(), "every metric of observability.yaml is recorded by the code")
	e.srv = httptest.NewServer(httpapi.NewRouter(httpapi.Deps{
		Todos:    app.NewTodos(wrap(store), nil, nil),
		Auth:     e.auth,
		Ping:     func(ctx context.Context) error { return e.ping(ctx) },
		Draining: e.draining,
		Logger:   log,
		Registry: prometheus.NewRegistry(),
		OpenAPI:  api.OpenAPI,
		Metrics:  rm,
	}))
	t.Cleanup(e.srv.Close)
	return e, func() []metrics.Record {
		em.Flush(context.Background())
		recs, err := metrics.ParseRecords([]byte(e.logs.String()))
		require.NoError(t, err)
		return recs
	}
}

// TestRequestMetrics_Availability proves the availability SLO's metrics (Requests and
// ServerErrors, the alarm family on 5xx) are emitted under the names, namespace, unit and
// dimension sets of observability.yaml, for a burst of 5xx from the real router.
func TestRequestMetrics_Availability(t *testing.T) {
	t.Parallel()
	e, flush := newMetricsEnv(t, func(s *postgres.Store) app.TodoStore { return faultyStore{TodoStore: s, fault: func() {}} })
	tok := e.token("alice@example.com")
	const burst = 5
	for range burst {
		require.Equal(t, http.StatusInternalServerError, e.do(req{method: "GET", path: "/v1/todos/0190c7c4-8a5e-7b7f-9c1e-3f0e5d6a7b8c", token: tok}).status)
	}
	require.Equal(t, http.StatusOK, e.do(req{method: "GET", path: "/v1/todos", token: tok}).status)
	require.Equal(t, http.StatusOK, e.do(req{method: "GET", path: "/healthz"}).status)
	recs := flush()

	spec := todoapi.Observability()
	slo, ok := spec.SLO("availability")
	require.True(t, ok)
	base := map[string]string{"Environment": "local", "Service": todoapi.ServiceName}
	require.NoError(t, metrics.CheckEmitted(spec, recs, slo.Total, base, burst+1))
	require.NoError(t, metrics.CheckEmitted(spec, recs, slo.Bad, base, burst))
	require.Equal(t, float64(burst+1), metrics.Sum(recs, slo.Total, base), "probes are not API requests")
	require.Equal(t, float64(burst), metrics.Sum(recs, slo.Bad, map[string]string{"Route": "/v1/todos/:id", "StatusClass": "5xx"}))
	require.Equal(t, float64(0), metrics.Sum(recs, slo.Bad, map[string]string{"Route": "/v1/todos"}))
}

// TestRequestMetrics_Latency proves the latency SLO's metrics (SlowRequests and Latency)
// are emitted as observability.yaml defines them, for a GET slower than its threshold.
func TestRequestMetrics_Latency(t *testing.T) {
	t.Parallel()
	spec := todoapi.Observability()
	slo, ok := spec.SLO(httpapi.LatencySLO)
	require.True(t, ok)
	delay := time.Duration(slo.Threshold("GET")+20) * time.Millisecond
	e, flush := newMetricsEnv(t, func(s *postgres.Store) app.TodoStore { return slowStore{TodoStore: s, delay: delay} })
	tok := e.token("alice@example.com")
	require.Equal(t, http.StatusNotFound, e.do(req{method: "GET", path: "/v1/todos/0190c7c4-8a5e-7b7f-9c1e-3f0e5d6a7b8c", token: tok}).status)
	require.Equal(t, http.StatusOK, e.do(req{method: "GET", path: "/v1/todos", token: tok}).status)
	recs := flush()

	slow := map[string]string{"Environment": "local", "Service": todoapi.ServiceName, "Route": "/v1/todos/:id"}
	require.NoError(t, metrics.CheckEmitted(spec, recs, slo.Bad, slow, 1))
	require.NoError(t, metrics.CheckEmitted(spec, recs, slo.Total, slow, 1))
	require.NoError(t, metrics.CheckEmitted(spec, recs, "Latency", slow, float64(delay.Milliseconds())))
	require.Equal(t, float64(0), metrics.Sum(recs, slo.Bad, map[string]string{"Route": "/v1/todos"}), "a fast list is not slow")
	lat := metrics.Samples(recs, "Latency", map[string]string{"Route": "/v1/todos", "StatusClass": "2xx"})
	require.Len(t, lat, 1)
	require.Less(t, lat[0], float64(slo.Threshold("GET")))
}
