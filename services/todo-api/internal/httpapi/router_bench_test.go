package httpapi_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/api"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/app"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/fixtures"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/httpapi"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/postgres"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/ratelimit"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/testdb"
)

// BenchmarkRouter measures one request through the whole router and the real database, without
// the network: what each endpoint costs in CPU and allocations, with every middleware the
// service runs (access log, metrics, request deadline, rate limit). `make bench/todo-api`
// measures throughput and latency over the network.
func BenchmarkRouter(b *testing.B) {
	_, pool := testdb.New(b)
	store := postgres.New(pool)
	auth := app.NewAuth(store, 0, nil)
	if err := fixtures.Load(context.Background(), pool, auth); err != nil {
		b.Fatal(err)
	}
	h := httpapi.NewRouter(httpapi.Deps{
		Todos:    app.NewTodos(store, nil, nil),
		Auth:     app.NewAuth(store, 10*time.Second, nil),
		Ping:     store.Ping,
		Draining: &atomic.Bool{},
		Logger:   slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Registry: prometheus.NewRegistry(),
		OpenAPI:  api.OpenAPI,
		Limiter:  ratelimit.New(ratelimit.Config{Limit: 1 << 30, Window: time.Second, MaxKeys: 100_000}, nil),

		RequestTimeout: 10 * time.Second,
	})
	id := fixtures.TodoID(fixtures.AliceEmail, 7).String()
	for _, bm := range []struct {
		name, path string
	}{
		{name: "GetTodo", path: "/v1/todos/" + id},
		{name: "ListTodos50", path: "/v1/todos?limit=50"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, bm.path, nil)
				req.Header.Set("Authorization", "Bearer "+fixtures.AliceToken)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
