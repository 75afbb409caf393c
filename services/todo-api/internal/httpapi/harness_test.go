package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
	"github.com/tsumiki-dev/tsumiki/libs/kit/syncbuf"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/api"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/app"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/httpapi"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/postgres"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/testdb"
)

// contract is the OpenAPI document every response in these tests is validated against.
var contract = sync.OnceValues(func() (routers.Router, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(api.OpenAPI)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, err
	}
	// Match any host: the test server listens on a random port.
	doc.Servers = nil
	return gorillamux.NewRouter(doc)
})

// env is one service instance on its own database.
type env struct {
	t        *testing.T
	srv      *httptest.Server
	auth     *app.Auth
	draining *atomic.Bool
	logs     *syncbuf.Buffer
	ping     func(context.Context) error
	registry *prometheus.Registry
}

// metrics scrapes the internal listener's /metrics.
func (e *env) metrics() response {
	e.t.Helper()
	rec := httptest.NewRecorder()
	httpapi.NewInternalHandler(e.registry).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	return response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

func newEnv(t *testing.T) *env {
	t.Helper()
	return newEnvWith(t, func(s *postgres.Store) app.TodoStore { return s })
}

// newEnvWith is newEnv with the todo store wrapped, to inject faults.
func newEnvWith(t *testing.T, wrap func(*postgres.Store) app.TodoStore) *env {
	t.Helper()
	return newEnvDeps(t, wrap, nil)
}

// newEnvDeps is newEnvWith with a last say on the router's dependencies (limits).
func newEnvDeps(t *testing.T, wrap func(*postgres.Store) app.TodoStore, tweak func(*httpapi.Deps)) *env {
	t.Helper()
	_, pool := testdb.New(t)
	store := postgres.New(pool)
	e := &env{t: t, draining: &atomic.Bool{}, logs: &syncbuf.Buffer{}, registry: prometheus.NewRegistry()}
	e.auth = app.NewAuth(store, 0, nil)
	e.ping = store.Ping
	d := httpapi.Deps{
		Todos:    app.NewTodos(wrap(store), nil, nil),
		Auth:     e.auth,
		Ping:     func(ctx context.Context) error { return e.ping(ctx) },
		Draining: e.draining,
		Logger:   slog.New(slog.NewJSONHandler(e.logs, nil)),
		Registry: e.registry,
		OpenAPI:  api.OpenAPI,
	}
	if tweak != nil {
		tweak(&d)
	}
	e.srv = httptest.NewServer(httpapi.NewRouter(d))
	t.Cleanup(e.srv.Close)
	return e
}

// token mints a token for a new user.
func (e *env) token(email string) string {
	e.t.Helper()
	_, tok, err := e.auth.MintToken(context.Background(), email, "", "test")
	require.NoError(e.t, err)
	return tok
}

// response is a checked response.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.body, &m), "body: %s", r.body)
	return m
}

// fields returns the names in a problem's errors member.
func (r response) fields(t *testing.T) []string {
	t.Helper()
	var p struct {
		Errors []struct{ Field string } `json:"errors"`
	}
	require.NoError(t, json.Unmarshal(r.body, &p))
	var names []string
	for _, f := range p.Errors {
		names = append(names, f.Field)
	}
	return names
}

// req is one request: method, path, JSON body (string, or nil) and extra headers as pairs.
type req struct {
	method, path string
	token        string
	body         any
	header       map[string]string
}

// do sends r and validates the response against the OpenAPI contract.
func (e *env) do(r req) response {
	e.t.Helper()
	var body io.Reader
	switch b := r.body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	case io.Reader:
		// A reader of unknown length is sent chunked, without Content-Length.
		body = b
	default:
		raw, err := json.Marshal(b)
		require.NoError(e.t, err)
		body = bytes.NewReader(raw)
	}
	hr, err := http.NewRequest(r.method, e.srv.URL+r.path, body)
	require.NoError(e.t, err)
	if body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	if r.token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.token)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(hr)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(e.t, err)
	out := response{status: resp.StatusCode, header: resp.Header, body: raw}
	validateContract(e.t, hr, out)
	return out
}

// validateContract fails the test if the response does not match the OpenAPI document.
func validateContract(t *testing.T, hr *http.Request, r response) {
	t.Helper()
	router, err := contract()
	require.NoError(t, err, "load api/openapi.yaml")
	require.NotEmpty(t, r.header.Get("X-Request-ID"), "every response carries X-Request-ID")
	route, params, err := router.FindRoute(hr)
	if err != nil {
		// Unknown routes and methods: still a problem+json the Problem schema accepts.
		require.Contains(t, []int{http.StatusNotFound, http.StatusMethodNotAllowed}, r.status, "route not in the spec: %s %s", hr.Method, hr.URL.Path)
		require.Equal(t, "application/problem+json", r.header.Get("Content-Type"))
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: hr, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status:  r.status,
		Header:  r.header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(r.body)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, openapi3filter.ValidateResponse(ctx, in), "%s %s -> %d %s", hr.Method, hr.URL.Path, r.status, r.body)
	if r.status >= 400 {
		require.Equal(t, "application/problem+json", r.header.Get("Content-Type"))
	}
}
