package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/app"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/httpapi"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/postgres"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/ratelimit"
)

// faultStore fails GetTodo with *fail when it is set.
type faultStore struct {
	app.TodoStore
	fail *atomic.Pointer[error]
}

func (f *faultStore) GetTodo(ctx context.Context, owner, id uuid.UUID) (domain.Todo, error) {
	if err := f.fail.Load(); err != nil {
		return domain.Todo{}, *err
	}
	return f.TodoStore.GetTodo(ctx, owner, id)
}

// TestRouter_LimitsMatchTheContract: the 429, 403 and 503 answers are what the OpenAPI
// document says (every response in these tests is validated against it).
func TestRouter_LimitsMatchTheContract(t *testing.T) {
	t.Parallel()
	var fail atomic.Pointer[error]
	e := newEnvDeps(t, func(s *postgres.Store) app.TodoStore { return &faultStore{TodoStore: s, fail: &fail} }, func(d *httpapi.Deps) {
		d.Limiter = ratelimit.New(ratelimit.Config{Limit: 2, Window: time.Minute, MaxKeys: 1000}, nil)
		d.Todos = d.Todos.WithQuota(1)
	})
	tok := e.token("limits@example.com")
	created := e.do(req{method: "POST", path: "/v1/todos", token: tok, body: map[string]any{"title": "one"}})
	require.Equal(t, http.StatusCreated, created.status)
	require.Equal(t, "1", created.header.Get("RateLimit-Remaining"))

	quota := e.do(req{method: "POST", path: "/v1/todos", token: tok, body: map[string]any{"title": "two"}})
	require.Equal(t, http.StatusForbidden, quota.status)
	require.Contains(t, string(quota.body), "at most 1 todos per user")

	limited := e.do(req{method: "GET", path: "/v1/todos", token: tok})
	require.Equal(t, http.StatusTooManyRequests, limited.status)
	require.Equal(t, "30", limited.header.Get("Retry-After"))

	other := e.token("other@example.com")
	for name, err := range map[string]error{
		"Unavailable": fmt.Errorf("select todo: %w", &pgconn.PgError{Code: "57P01"}),
		"Timeout":     fmt.Errorf("select todo: %w", context.DeadlineExceeded),
	} {
		fail.Store(&err)
		res := e.do(req{method: "GET", path: "/v1/todos/0190c7c4-8a5e-7b7f-9c1e-3f0e5d6a7b8c", token: other})
		require.Equal(t, http.StatusServiceUnavailable, res.status, name)
		require.NotEmpty(t, res.header.Get("Retry-After"), name)
	}
}
