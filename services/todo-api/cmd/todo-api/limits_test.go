package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/syncbuf"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/fixtures"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/testdb"
)

// listeningOn waits for run's "listening" line and returns the public and internal base URLs.
func listeningOn(t *testing.T, logs *syncbuf.Buffer) (public, internal string) {
	t.Helper()
	require.Eventually(t, func() bool {
		for line := range strings.SplitSeq(logs.String(), "\n") {
			var l struct {
				Msg          string
				Addr         string
				InternalAddr string `json:"internal_addr"`
			}
			if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "listening" {
				public, internal = "http://"+l.Addr, "http://"+l.InternalAddr
				return true
			}
		}
		return false
	}, time.Minute, 10*time.Millisecond, "run logs its addresses: %s", logs.String())
	return public, internal
}

// server is one `todo-api serve` started through run, on its own database with the fixtures.
type server struct {
	base, internal string
	pool           *pgxpool.Pool // the test's own pool on the server's database
	logs           *syncbuf.Buffer
}

// startServer runs `todo-api serve` with env on top of a fresh database with the fixtures
// loaded; dbURL, when set, replaces the database URL the server connects to (a proxy).
func startServer(t *testing.T, env map[string]string, dbURL func(string) string) server {
	t.Helper()
	url, pool := testdb.New(t)
	var out strings.Builder
	require.NoError(t, run(context.Background(), []string{"fixtures"}, envOf(map[string]string{"DATABASE_URL": url}), &out, &out))
	full := map[string]string{"DATABASE_URL": url, "HTTP_ADDR": "127.0.0.1:0", "INTERNAL_HTTP_ADDR": "127.0.0.1:0"}
	if dbURL != nil {
		full["DATABASE_URL"] = dbURL(url)
	}
	for k, v := range env {
		full[k] = v
	}
	logs := &syncbuf.Buffer{}
	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan error, 1)
	go func() { result <- run(ctx, nil, envOf(full), logs, logs) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-result)
	})
	base, internal := listeningOn(t, logs)
	return server{base: base, internal: internal, pool: pool, logs: logs}
}

// response is what a black-box check looks at.
type response struct {
	status  int
	header  http.Header
	problem struct {
		Type, Title, Detail string
		Status              int
	}
}

func (s server) do(t *testing.T, method, path, token, body string) response {
	t.Helper()
	req, err := http.NewRequest(method, s.base+path, strings.NewReader(body))
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	r := response{status: resp.StatusCode, header: resp.Header}
	if resp.Header.Get("Content-Type") == "application/problem+json" {
		require.NoError(t, json.Unmarshal(raw, &r.problem), "%s", raw)
		require.Equal(t, resp.StatusCode, r.problem.Status)
	}
	return r
}

func todoPath(n int) string { return "/v1/todos/" + fixtures.TodoID(fixtures.AliceEmail, n).String() }

// TestServe_RateLimit: past its bucket, a token gets 429 problem+json with Retry-After and
// the RateLimit-* fields of draft-ietf-httpapi-ratelimit-headers-06; another token does not.
func TestServe_RateLimit(t *testing.T) {
	t.Parallel()
	s := startServer(t, map[string]string{"RATE_LIMIT_REQUESTS": "3", "RATE_LIMIT_WINDOW": "1h"}, nil)
	for i := range 3 {
		r := s.do(t, "GET", todoPath(i), fixtures.AliceToken, "")
		require.Equal(t, http.StatusOK, r.status)
		require.Equal(t, "3", r.header.Get("RateLimit-Limit"))
		require.Equal(t, fmt.Sprint(2-i), r.header.Get("RateLimit-Remaining"))
		require.Equal(t, fmt.Sprint((i+1)*1200), r.header.Get("RateLimit-Reset"), "a full refill takes 20 minutes per spent request")
		require.Equal(t, "3;w=3600", r.header.Get("RateLimit-Policy"))
	}
	r := s.do(t, "GET", todoPath(0), fixtures.AliceToken, "")
	require.Equal(t, http.StatusTooManyRequests, r.status)
	require.Equal(t, "application/problem+json", r.header.Get("Content-Type"))
	require.Equal(t, "1200", r.header.Get("Retry-After"), "one request comes back after 1h/3")
	require.Equal(t, "1200", r.header.Get("RateLimit-Reset"))
	require.Equal(t, "0", r.header.Get("RateLimit-Remaining"))
	require.Equal(t, "3", r.header.Get("RateLimit-Limit"))
	require.Contains(t, r.problem.Detail, "rate limit of 3 requests per 1h0m0s per API token")
	require.Equal(t, http.StatusTooManyRequests, s.do(t, "POST", "/v1/todos", fixtures.AliceToken, `{"title":"x"}`).status, "every /v1 route spends the same bucket")

	require.Equal(t, http.StatusOK, s.do(t, "GET", "/v1/todos?limit=1", fixtures.BobToken, "").status, "another token has its own bucket")
	require.Equal(t, http.StatusOK, s.do(t, "GET", "/healthz", "", "").status, "probes are not rate-limited")
}

// TestServe_MetricsOnlyOnTheInternalListener: /metrics is not on the public listener.
func TestServe_MetricsOnlyOnTheInternalListener(t *testing.T) {
	t.Parallel()
	s := startServer(t, nil, nil)
	require.Equal(t, http.StatusNotFound, s.do(t, "GET", "/metrics", "", "").status)
	resp, err := http.Get(s.internal + "/metrics")
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, string(body), "db_pool_max_conns 10")
}

// TestServe_TodoQuota: a create beyond the per-user quota is 403 problem+json naming it.
func TestServe_TodoQuota(t *testing.T) {
	t.Parallel()
	s := startServer(t, map[string]string{"TODO_QUOTA": fmt.Sprint(fixtures.AliceTodos + 1)}, nil)
	require.Equal(t, http.StatusCreated, s.do(t, "POST", "/v1/todos", fixtures.AliceToken, `{"title":"the last one"}`).status)
	r := s.do(t, "POST", "/v1/todos", fixtures.AliceToken, `{"title":"one too many"}`)
	require.Equal(t, http.StatusForbidden, r.status)
	require.Equal(t, "application/problem+json", r.header.Get("Content-Type"))
	require.Contains(t, r.problem.Detail, fmt.Sprintf("at most %d todos per user", fixtures.AliceTodos+1))
	require.Equal(t, http.StatusCreated, s.do(t, "POST", "/v1/todos", fixtures.BobToken, `{"title":"bob has room"}`).status)
}

// lockTodo holds a row lock on Alice's todo n until the test ends, so that a PATCH of it
// waits: a slow statement without any test hook in the server.
func lockTodo(t *testing.T, pool *pgxpool.Pool, n int) func() {
	t.Helper()
	tx, err := pool.Begin(context.Background())
	require.NoError(t, err)
	_, err = tx.Exec(context.Background(), `SELECT 1 FROM todos WHERE id = $1 FOR UPDATE`, fixtures.TodoID(fixtures.AliceEmail, n))
	require.NoError(t, err)
	release := func() { _ = tx.Rollback(context.Background()) }
	t.Cleanup(release)
	return release
}

// waitingOnLocks counts the server's statements waiting for a lock.
func waitingOnLocks(t *testing.T, pool *pgxpool.Pool) int {
	t.Helper()
	var n int
	require.NoError(t, pool.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity
		WHERE datname = current_database() AND application_name = 'todo-api' AND wait_event_type = 'Lock'`).Scan(&n))
	return n
}

// TestServe_StatementTimeout: a statement that runs past DATABASE_STATEMENT_TIMEOUT (here it
// waits for a row lock) is cancelled by PostgreSQL, and the client gets 503 with Retry-After.
func TestServe_StatementTimeout(t *testing.T) {
	t.Parallel()
	s := startServer(t, map[string]string{"DATABASE_STATEMENT_TIMEOUT": "300ms", "REQUEST_TIMEOUT": "60s"}, nil)
	lockTodo(t, s.pool, 1)
	r := s.do(t, "PATCH", todoPath(1), fixtures.AliceToken, `{"notes":"slow"}`)
	require.Equal(t, http.StatusServiceUnavailable, r.status)
	require.Equal(t, "application/problem+json", r.header.Get("Content-Type"))
	require.Equal(t, "1", r.header.Get("Retry-After"))
	require.Contains(t, r.problem.Detail, "did not finish in time")
	require.Contains(t, s.logs.String(), "canceling statement due to statement timeout (SQLSTATE 57014)")
}

// TestServe_RequestDeadline: past REQUEST_TIMEOUT the handler's context is cancelled, and
// with it the statement on the server; the client gets 503 with Retry-After.
func TestServe_RequestDeadline(t *testing.T) {
	t.Parallel()
	s := startServer(t, map[string]string{"DATABASE_STATEMENT_TIMEOUT": "60s", "REQUEST_TIMEOUT": "300ms"}, nil)
	lockTodo(t, s.pool, 2)
	r := s.do(t, "PATCH", todoPath(2), fixtures.AliceToken, `{"notes":"slow"}`)
	require.Equal(t, http.StatusServiceUnavailable, r.status)
	require.Equal(t, "1", r.header.Get("Retry-After"))
	require.Contains(t, r.problem.Detail, "did not finish in time")
	require.Eventually(t, func() bool { return waitingOnLocks(t, s.pool) == 0 }, 30*time.Second, 20*time.Millisecond,
		"the cancelled request's statement no longer waits on the server, though the lock is still held")
}

// proxy is a TCP proxy in front of PostgreSQL that the test can take down and bring back:
// from the server's side, exactly a database host that stopped answering.
type proxy struct {
	t        *testing.T
	addr     string
	upstream string
	mu       sync.Mutex
	ln       net.Listener
	conns    map[net.Conn]struct{}
}

func newProxy(t *testing.T, upstream string) *proxy {
	t.Helper()
	p := &proxy{t: t, upstream: upstream, conns: map[net.Conn]struct{}{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.down)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			u, err := net.Dial("tcp", p.upstream)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns[c], p.conns[u] = struct{}{}, struct{}{}
			p.mu.Unlock()
			go func() { _, _ = io.Copy(u, c); u.Close() }()
			go func() { _, _ = io.Copy(c, u); c.Close() }()
		}
	}()
}

// down refuses new connections and cuts every open one.
func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
		delete(p.conns, c)
	}
}

// up accepts connections again on the same address.
func (p *proxy) up() {
	ln, err := net.Listen("tcp", p.addr)
	require.NoError(p.t, err)
	p.serve(ln)
}

// TestServe_DatabaseDownUnderLoad stops the database under load, twice: first as a fast
// shutdown does (the server terminates every session, SQLSTATE 57P01), then as a host that
// vanished (connections cut, new ones refused). Every answer is 200 or 503 problem+json with
// Retry-After, never 500; readiness follows; the service recovers when the database is back.
func TestServe_DatabaseDownUnderLoad(t *testing.T) {
	t.Parallel()
	var px *proxy
	s := startServer(t, map[string]string{"AUTH_CACHE_TTL": "0s", "RATE_LIMIT_REQUESTS": "1000000", "DATABASE_MAX_CONNS": "4"},
		func(dbURL string) string {
			u, err := url.Parse(dbURL)
			require.NoError(t, err)
			px = newProxy(t, u.Host)
			u.Host = px.addr
			return u.String()
		})

	var ok, unavailable, other atomic.Int64
	var bad sync.Map
	stop := make(chan struct{})
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 30 * time.Second}
	for w := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				req, _ := http.NewRequest("GET", s.base+todoPath((w*31+i)%fixtures.AliceTodos), nil)
				req.Header.Set("Authorization", "Bearer "+fixtures.AliceToken)
				resp, err := client.Do(req)
				if err != nil {
					bad.Store("transport: "+err.Error(), true)
					other.Add(1)
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				switch {
				case resp.StatusCode == http.StatusOK:
					ok.Add(1)
				case resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") == "5" &&
					resp.Header.Get("Content-Type") == "application/problem+json":
					unavailable.Add(1)
				default:
					bad.Store(fmt.Sprintf("%d %s", resp.StatusCode, resp.Header.Get("Retry-After")), true)
					other.Add(1)
				}
			}
		})
	}
	ready := func() int {
		resp, err := http.Get(s.base + "/readyz")
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	waitFor := func(what string, cond func() bool) {
		require.Eventually(t, cond, 30*time.Second, 10*time.Millisecond, what)
	}
	before := ok.Load()
	waitFor("load is being served", func() bool { return ok.Load() > before+50 })

	// 1. Every session of the server terminated, as `pg_ctl stop -m fast` does, while new
	// sessions are refused (the proxy is down).
	px.down()
	_, err := s.pool.Exec(context.Background(), `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND application_name = 'todo-api'`)
	require.NoError(t, err)
	u0 := unavailable.Load()
	waitFor("503s while the database is down", func() bool { return unavailable.Load() > u0+50 })
	require.Equal(t, http.StatusServiceUnavailable, ready())
	px.up()
	before = ok.Load()
	waitFor("served again once the database is back", func() bool { return ok.Load() > before+50 })
	require.Equal(t, http.StatusOK, ready())

	// 2. The host vanishes: open connections cut mid-stream, new ones refused.
	px.down()
	u0 = unavailable.Load()
	waitFor("503s while the host is gone", func() bool { return unavailable.Load() > u0+50 })
	px.up()
	before = ok.Load()
	waitFor("served again once the host is back", func() bool { return ok.Load() > before+50 })

	close(stop)
	wg.Wait()
	var kinds []string
	bad.Range(func(k, _ any) bool { kinds = append(kinds, k.(string)); return true })
	require.Zero(t, other.Load(), "every answer is 200 or 503 with Retry-After: 5; others: %v", kinds)
	t.Logf("answers: %d OK, %d 503", ok.Load(), unavailable.Load())
	require.NotContains(t, s.logs.String(), `"status":500`)

}
