package httpapi_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/app"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/postgres"
)

func TestRouter_TodoLifecycle(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.token("alice@example.com")

	created := e.do(req{method: "POST", path: "/v1/todos", token: tok, body: `{"title":"buy milk","notes":"2 l","due_at":"2027-01-31T09:00:00+09:00"}`})
	require.Equal(t, http.StatusCreated, created.status, "%s", created.body)
	todo := created.json(t)
	id := todo["id"].(string)
	require.Equal(t, `"1"`, created.header.Get("ETag"))
	require.Equal(t, "/v1/todos/"+id, created.header.Get("Location"))
	require.Equal(t, "open", todo["status"])
	require.Equal(t, "2027-01-31T00:00:00Z", todo["due_at"], "stored and shown in UTC")

	got := e.do(req{method: "GET", path: "/v1/todos/" + id, token: tok})
	require.Equal(t, http.StatusOK, got.status)
	require.Equal(t, todo, got.json(t))

	list := e.do(req{method: "GET", path: "/v1/todos", token: tok})
	require.Equal(t, http.StatusOK, list.status)
	require.Len(t, list.json(t)["items"], 1)

	patched := e.do(req{method: "PATCH", path: "/v1/todos/" + id, token: tok, body: `{"status":"done","due_at":null}`, header: map[string]string{"If-Match": `"1"`}})
	require.Equal(t, http.StatusOK, patched.status, "%s", patched.body)
	require.Equal(t, `"2"`, patched.header.Get("ETag"))
	require.Equal(t, "done", patched.json(t)["status"])
	require.Nil(t, patched.json(t)["due_at"])
	require.Equal(t, "buy milk", patched.json(t)["title"], "members left out stay")

	stale := e.do(req{method: "PATCH", path: "/v1/todos/" + id, token: tok, body: `{"title":"x"}`, header: map[string]string{"If-Match": `"1"`}})
	require.Equal(t, http.StatusPreconditionFailed, stale.status)
	staleDel := e.do(req{method: "DELETE", path: "/v1/todos/" + id, token: tok, header: map[string]string{"If-Match": `"1"`}})
	require.Equal(t, http.StatusPreconditionFailed, staleDel.status)

	noIfMatch := e.do(req{method: "PATCH", path: "/v1/todos/" + id, token: tok, body: `{"title":"oat milk"}`,
		header: map[string]string{"Content-Type": "application/merge-patch+json"}})
	require.Equal(t, http.StatusOK, noIfMatch.status, "If-Match is optional")
	require.Equal(t, `"3"`, noIfMatch.header.Get("ETag"))

	del := e.do(req{method: "DELETE", path: "/v1/todos/" + id, token: tok, header: map[string]string{"If-Match": `"3"`}})
	require.Equal(t, http.StatusNoContent, del.status)
	require.Equal(t, http.StatusNotFound, e.do(req{method: "GET", path: "/v1/todos/" + id, token: tok}).status)
	require.Equal(t, http.StatusNotFound, e.do(req{method: "DELETE", path: "/v1/todos/" + id, token: tok}).status)
}

func TestRouter_Authorization(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice, bob := e.token("alice@example.com"), e.token("bob@example.com")
	created := e.do(req{method: "POST", path: "/v1/todos", token: alice, body: `{"title":"alice's"}`})
	require.Equal(t, http.StatusCreated, created.status)
	path := "/v1/todos/" + created.json(t)["id"].(string)

	t.Run("OtherOwnerGets404", func(t *testing.T) {
		for _, r := range []req{
			{method: "GET", path: path, token: bob},
			{method: "PATCH", path: path, token: bob, body: `{"title":"mine now"}`},
			{method: "DELETE", path: path, token: bob},
			{method: "PATCH", path: path, token: bob, body: `{"title":"mine now"}`, header: map[string]string{"If-Match": `"1"`}},
		} {
			res := e.do(r)
			require.Equal(t, http.StatusNotFound, res.status, "%s %s", r.method, r.path)
		}
		require.Empty(t, e.do(req{method: "GET", path: "/v1/todos", token: bob}).json(t)["items"])
		got := e.do(req{method: "GET", path: path, token: alice})
		require.Equal(t, "alice's", got.json(t)["title"], "untouched")
		require.InDelta(t, 1, got.json(t)["version"], 0)
	})

	t.Run("OwnerAndIDInBodyRejected", func(t *testing.T) {
		res := e.do(req{method: "POST", path: "/v1/todos", token: bob, body: `{"title":"x","id":"0190c7c4-8a5e-7b7f-9c1e-3f0e5d6a7b8c","owner_id":"0190c7c4-8a5e-7b7f-9c1e-3f0e5d6a7b8c"}`})
		require.Equal(t, http.StatusBadRequest, res.status)
		require.Equal(t, []string{"id", "owner_id"}, res.fields(t))
		res = e.do(req{method: "PATCH", path: path, token: alice, body: `{"owner_id":"0190c7c4-8a5e-7b7f-9c1e-3f0e5d6a7b8c"}`})
		require.Equal(t, http.StatusBadRequest, res.status)
		require.Contains(t, res.fields(t), "owner_id")
	})

	t.Run("BadTokens", func(t *testing.T) {
		tests := []struct {
			name   string
			header string
		}{
			{name: "Missing", header: ""},
			{name: "WrongScheme", header: "Basic YWxpY2U6c2VjcmV0"},
			{name: "Malformed", header: "Bearer not-a-token"},
			{name: "Unknown", header: "Bearer tsk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := map[string]string{}
				if tt.header != "" {
					h["Authorization"] = tt.header
				}
				res := e.do(req{method: "GET", path: "/v1/todos", header: h})
				require.Equal(t, http.StatusUnauthorized, res.status)
				require.Contains(t, res.header.Get("WWW-Authenticate"), "Bearer")
			})
		}
	})
}

func TestRouter_ClientMistakes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.token("alice@example.com")
	created := e.do(req{method: "POST", path: "/v1/todos", token: tok, body: `{"title":"x"}`})
	require.Equal(t, http.StatusCreated, created.status)
	path := "/v1/todos/" + created.json(t)["id"].(string)

	tests := []struct {
		name       string
		r          req
		wantStatus int
		wantFields []string
	}{
		{name: "MalformedJSON", r: req{method: "POST", path: "/v1/todos", body: `{"title":`}, wantStatus: 400, wantFields: []string{"body"}},
		{name: "EmptyBody", r: req{method: "POST", path: "/v1/todos", body: ``}, wantStatus: 400, wantFields: []string{"body"}},
		{name: "NotAnObject", r: req{method: "POST", path: "/v1/todos", body: `["title"]`}, wantStatus: 400, wantFields: []string{"body"}},
		{name: "Null", r: req{method: "POST", path: "/v1/todos", body: `null`}, wantStatus: 400, wantFields: []string{"body"}},
		{name: "TrailingData", r: req{method: "POST", path: "/v1/todos", body: `{"title":"a"}{}`}, wantStatus: 400, wantFields: []string{"body"}},
		{name: "UnknownField", r: req{method: "POST", path: "/v1/todos", body: `{"title":"a","colour":"red"}`}, wantStatus: 400, wantFields: []string{"colour"}},
		{name: "WrongTypes", r: req{method: "POST", path: "/v1/todos", body: `{"title":5,"notes":true,"due_at":7}`}, wantStatus: 400, wantFields: []string{"title", "notes", "due_at"}},
		{name: "MissingTitle", r: req{method: "POST", path: "/v1/todos", body: `{}`}, wantStatus: 400, wantFields: []string{"title"}},
		{name: "NullTitle", r: req{method: "POST", path: "/v1/todos", body: `{"title":null}`}, wantStatus: 400, wantFields: []string{"title"}},
		{name: "BlankTitle", r: req{method: "POST", path: "/v1/todos", body: `{"title":"   "}`}, wantStatus: 400, wantFields: []string{"title"}},
		{name: "LongTitle", r: req{method: "POST", path: "/v1/todos", body: `{"title":"` + strings.Repeat("あ", 201) + `"}`}, wantStatus: 400, wantFields: []string{"title"}},
		{name: "LongNotes", r: req{method: "POST", path: "/v1/todos", body: `{"title":"a","notes":"` + strings.Repeat("n", 10001) + `"}`}, wantStatus: 400, wantFields: []string{"notes"}},
		{name: "NULInTitle", r: req{method: "POST", path: "/v1/todos", body: `{"title":"a\u0000b"}`}, wantStatus: 400, wantFields: []string{"title"}},
		{name: "BadStatus", r: req{method: "POST", path: "/v1/todos", body: `{"title":"a","status":"doing"}`}, wantStatus: 400, wantFields: []string{"status"}},
		{name: "BadDueAt", r: req{method: "POST", path: "/v1/todos", body: `{"title":"a","due_at":"tomorrow"}`}, wantStatus: 400, wantFields: []string{"due_at"}},
		{name: "EveryProblemAtOnce", r: req{method: "POST", path: "/v1/todos", body: `{"title":"","status":"x","due_at":"y"}`}, wantStatus: 400, wantFields: []string{"due_at", "title", "status"}},
		{name: "TooLarge", r: req{method: "POST", path: "/v1/todos", body: `{"title":"a","notes":"` + strings.Repeat("n", 1<<20) + `"}`}, wantStatus: 413, wantFields: []string{"body"}},
		{name: "TooLargeChunked", r: req{method: "POST", path: "/v1/todos", body: io.MultiReader(strings.NewReader(`{"title":"a","notes":"`), strings.NewReader(strings.Repeat("n", 1<<20)), strings.NewReader(`"}`))}, wantStatus: 413, wantFields: []string{"body"}},
		{name: "WrongContentType", r: req{method: "POST", path: "/v1/todos", body: `{"title":"a"}`, header: map[string]string{"Content-Type": "text/plain"}}, wantStatus: 415, wantFields: []string{"Content-Type"}},
		{name: "BadIdempotencyKey", r: req{method: "POST", path: "/v1/todos", body: `{"title":"a"}`, header: map[string]string{"Idempotency-Key": strings.Repeat("k", 256)}}, wantStatus: 400, wantFields: []string{"Idempotency-Key"}},
		{name: "BadUUID", r: req{method: "GET", path: "/v1/todos/not-a-uuid"}, wantStatus: 400, wantFields: []string{"id"}},
		{name: "BadUUIDOnPatch", r: req{method: "PATCH", path: "/v1/todos/1234", body: `{"title":"a"}`}, wantStatus: 400, wantFields: []string{"id"}},
		{name: "BadUUIDOnDelete", r: req{method: "DELETE", path: "/v1/todos/{0190c7c4-8a5e-7b7f-9c1e-3f0e5d6a7b8c}"}, wantStatus: 400, wantFields: []string{"id"}},
		{name: "BadCursor", r: req{method: "GET", path: "/v1/todos?cursor=abc"}, wantStatus: 400, wantFields: []string{"cursor"}},
		{name: "LimitZero", r: req{method: "GET", path: "/v1/todos?limit=0"}, wantStatus: 400, wantFields: []string{"limit"}},
		{name: "LimitTooLarge", r: req{method: "GET", path: "/v1/todos?limit=201"}, wantStatus: 400, wantFields: []string{"limit"}},
		{name: "LimitNotANumber", r: req{method: "GET", path: "/v1/todos?limit=ten"}, wantStatus: 400, wantFields: []string{"limit"}},
		{name: "BadStatusFilter", r: req{method: "GET", path: "/v1/todos?status=later"}, wantStatus: 400, wantFields: []string{"status"}},
		{name: "BadDueRange", r: req{method: "GET", path: "/v1/todos?due_after=2027-02-01T00:00:00Z&due_before=2027-01-01T00:00:00Z"}, wantStatus: 400, wantFields: []string{"due_before"}},
		{name: "BadDueFilter", r: req{method: "GET", path: "/v1/todos?due_after=soon"}, wantStatus: 400, wantFields: []string{"due_after"}},
		{name: "EmptyPatch", r: req{method: "PATCH", path: path, body: `{}`}, wantStatus: 400, wantFields: []string{"body"}},
		{name: "PatchNullTitle", r: req{method: "PATCH", path: path, body: `{"title":null}`}, wantStatus: 400, wantFields: []string{"title"}},
		{name: "BadIfMatch", r: req{method: "PATCH", path: path, body: `{"title":"a"}`, header: map[string]string{"If-Match": "3"}}, wantStatus: 400, wantFields: []string{"If-Match"}},
		{name: "WeakIfMatch", r: req{method: "DELETE", path: path, header: map[string]string{"If-Match": `W/"1"`}}, wantStatus: 400, wantFields: []string{"If-Match"}},
		{name: "ForeignETag", r: req{method: "DELETE", path: path, header: map[string]string{"If-Match": `"abc"`}}, wantStatus: 412},
		{name: "UnknownRoute", r: req{method: "GET", path: "/v2/todos"}, wantStatus: 404},
		{name: "WrongMethod", r: req{method: "PUT", path: path, body: `{"title":"a"}`}, wantStatus: 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.r.token = tok
			res := e.do(tt.r)
			require.Equal(t, tt.wantStatus, res.status, "%s", res.body)
			require.Equal(t, tt.wantFields, res.fields(t), "%s", res.body)
			require.NotEmpty(t, res.json(t)["detail"])
		})
	}
	got := e.do(req{method: "GET", path: path, token: tok})
	require.InDelta(t, 1, got.json(t)["version"], 0, "no mistake changed the todo")
}

func TestRouter_Idempotency(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.token("alice@example.com")
	key := map[string]string{"Idempotency-Key": "order-42"}

	first := e.do(req{method: "POST", path: "/v1/todos", token: tok, body: `{"title":"pay rent","notes":""}`, header: key})
	require.Equal(t, http.StatusCreated, first.status)
	require.Empty(t, first.header.Get("Idempotent-Replayed"))
	again := e.do(req{method: "POST", path: "/v1/todos", token: tok, body: `{ "notes": "", "title": "pay rent" }`, header: key})
	require.Equal(t, http.StatusCreated, again.status)
	require.Equal(t, "true", again.header.Get("Idempotent-Replayed"))
	require.JSONEq(t, string(first.body), string(again.body), "the first response is replayed")
	require.Equal(t, first.header.Get("Location"), again.header.Get("Location"))

	other := e.do(req{method: "POST", path: "/v1/todos", token: tok, body: `{"title":"pay rent twice"}`, header: key})
	require.Equal(t, http.StatusUnprocessableEntity, other.status)

	t.Run("FiftyConcurrent", func(t *testing.T) {
		const n = 50
		statuses := make([]int, n)
		ids := make([]string, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				hr, err := http.NewRequest("POST", e.srv.URL+"/v1/todos", strings.NewReader(`{"title":"exactly once"}`))
				if err != nil {
					panic(err)
				}
				hr.Header.Set("Content-Type", "application/json")
				hr.Header.Set("Authorization", "Bearer "+tok)
				hr.Header.Set("Idempotency-Key", "concurrent-1")
				resp, err := http.DefaultClient.Do(hr)
				if err != nil {
					statuses[i] = -1
					return
				}
				defer resp.Body.Close()
				statuses[i] = resp.StatusCode
				ids[i] = resp.Header.Get("Location")
			})
		}
		close(start)
		wg.Wait()
		for i := range n {
			require.Equal(t, http.StatusCreated, statuses[i], "request %d", i)
			require.Equal(t, ids[0], ids[i], "request %d", i)
		}
		list := e.do(req{method: "GET", path: "/v1/todos?limit=200", token: tok})
		count := 0
		for _, it := range list.json(t)["items"].([]any) {
			if it.(map[string]any)["title"] == "exactly once" {
				count++
			}
		}
		require.Equal(t, 1, count, "50 concurrent identical requests create exactly one todo")
	})
}

func TestRouter_Pagination(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.token("alice@example.com")
	for i := range 7 {
		status := "open"
		if i%2 == 1 {
			status = "done"
		}
		body := fmt.Sprintf(`{"title":"t%d","status":%q,"due_at":"2027-01-%02dT00:00:00Z"}`, i, status, i+1)
		require.Equal(t, http.StatusCreated, e.do(req{method: "POST", path: "/v1/todos", token: tok, body: body}).status)
	}

	var titles []string
	path := "/v1/todos?limit=3"
	for pages := 0; ; pages++ {
		require.Less(t, pages, 5, "pagination ends")
		res := e.do(req{method: "GET", path: path, token: tok})
		require.Equal(t, http.StatusOK, res.status)
		page := res.json(t)
		for _, it := range page["items"].([]any) {
			titles = append(titles, it.(map[string]any)["title"].(string))
		}
		if pages == 0 {
			// Inserted while paging: appears once, at the end, and shifts nothing.
			require.Equal(t, http.StatusCreated, e.do(req{method: "POST", path: "/v1/todos", token: tok, body: `{"title":"late"}`}).status)
		}
		next, ok := page["next_cursor"].(string)
		if !ok {
			break
		}
		path = "/v1/todos?limit=3&cursor=" + url.QueryEscape(next)
	}
	require.Equal(t, []string{"t0", "t1", "t2", "t3", "t4", "t5", "t6", "late"}, titles)

	filtered := e.do(req{method: "GET", path: "/v1/todos?status=done&due_after=2027-01-03T00:00:00Z&due_before=2027-01-06T00:00:00Z", token: tok})
	require.Equal(t, http.StatusOK, filtered.status)
	var got []string
	for _, it := range filtered.json(t)["items"].([]any) {
		got = append(got, it.(map[string]any)["title"].(string))
	}
	require.Equal(t, []string{"t3"}, got)
}

func TestRouter_Operations(t *testing.T) {
	t.Parallel()
	e := newEnv(t)

	require.Equal(t, http.StatusOK, e.do(req{method: "GET", path: "/healthz"}).status)
	require.Equal(t, http.StatusOK, e.do(req{method: "GET", path: "/readyz"}).status)

	spec := e.do(req{method: "GET", path: "/openapi.yaml"})
	require.Equal(t, http.StatusOK, spec.status)
	require.Contains(t, string(spec.body), "openapi: 3.1.0")

	withID := e.do(req{method: "GET", path: "/healthz", header: map[string]string{"X-Request-ID": "abc-123"}})
	require.Equal(t, "abc-123", withID.header.Get("X-Request-ID"))
	hostile := e.do(req{method: "GET", path: "/healthz", header: map[string]string{"X-Request-ID": "a b\"c"}})
	require.NotEqual(t, "a b\"c", hostile.header.Get("X-Request-ID"), "unsafe ids are replaced")
	require.Contains(t, e.logs.String(), `"request_id":"abc-123"`, "the access log carries the request id")
	require.Contains(t, e.logs.String(), `"route":"/healthz"`)

	require.Equal(t, http.StatusNotFound, e.do(req{method: "GET", path: "/no/such/route/123"}).status)
	require.Equal(t, http.StatusNotFound, e.do(req{method: "GET", path: "/metrics"}).status, "metrics are only on the internal listener")
	metrics := e.metrics()
	require.Contains(t, string(metrics.body), `http_requests_total{method="GET",route="unmatched",status="404"} 2`,
		"unknown paths (and /metrics on the public listener) share one label instead of one series each")
	require.Equal(t, http.StatusOK, metrics.status)
	require.Contains(t, string(metrics.body), `http_requests_total{method="GET",route="/readyz",status="200"} 1`)
	require.Contains(t, string(metrics.body), `http_request_duration_seconds_bucket{method="GET",route="/healthz"`)

	t.Run("DatabaseDown", func(t *testing.T) {
		e.ping = func(context.Context) error { return errors.New("connection refused") }
		defer func() { e.ping = nil }()
		res := e.do(req{method: "GET", path: "/readyz"})
		require.Equal(t, http.StatusServiceUnavailable, res.status)
		require.Equal(t, http.StatusOK, e.do(req{method: "GET", path: "/healthz"}).status, "liveness does not depend on the database")
	})
	t.Run("Draining", func(t *testing.T) {
		e.draining.Store(true)
		res := e.do(req{method: "GET", path: "/readyz"})
		require.Equal(t, http.StatusServiceUnavailable, res.status)
		require.Contains(t, string(res.body), "shutting down")
	})
}

// faultyStore fails GetTodo the way a broken dependency or a bug would.
type faultyStore struct {
	app.TodoStore
	fault func()
}

func (f faultyStore) GetTodo(context.Context, uuid.UUID, uuid.UUID) (domain.Todo, error) {
	f.fault()
	return domain.Todo{}, errors.New("connection reset by peer: password=hunter2")
}

func TestRouter_ServerFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault func()
		want  string
	}{
		{name: "Error", fault: func() {}, want: "connection reset by peer"},
		{name: "Panic", fault: func() { panic("nil map write") }, want: "panic: nil map write"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnvWith(t, func(s *postgres.Store) app.TodoStore { return faultyStore{TodoStore: s, fault: tt.fault} })
			tok := e.token("alice@example.com")
			res := e.do(req{method: "GET", path: "/v1/todos/0190c7c4-8a5e-7b7f-9c1e-3f0e5d6a7b8c", token: tok})
			require.Equal(t, http.StatusInternalServerError, res.status)
			require.NotContains(t, string(res.body), "hunter2", "internal errors never reach the client")
			require.NotContains(t, string(res.body), "panic")
			requestID := res.json(t)["request_id"].(string)
			require.NotEmpty(t, requestID)
			require.Contains(t, e.logs.String(), tt.want, "the cause is logged")
			require.Contains(t, e.logs.String(), `"request_id":"`+requestID+`"`)
			require.Equal(t, http.StatusOK, e.do(req{method: "GET", path: "/healthz"}).status, "the process survives")
		})
	}
}
