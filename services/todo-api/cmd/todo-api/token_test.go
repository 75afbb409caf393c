package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/logtest"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/fixtures"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/testdb"
)

// serveInBackground runs `todo-api serve` with vars until the test ends and returns its base
// URL, once it listens.
func serveInBackground(t *testing.T, vars map[string]string) string {
	t.Helper()
	logs := logtest.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan error, 1)
	go func() { result <- run(ctx, []string{"serve"}, envOf(vars), logs, logs) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-result, "serve stops cleanly: %s", logs.String())
	})
	var base string
	require.Eventually(t, func() bool {
		for line := range strings.SplitSeq(logs.String(), "\n") {
			var l struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "listening" {
				base = "http://" + l.Addr
				return true
			}
		}
		return false
	}, time.Minute, 10*time.Millisecond, "serve logs its address: %s", logs.String())
	return base
}

// cli runs one todo-api command and returns its output.
func cli(t *testing.T, vars map[string]string, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), args, envOf(vars), &out, &out), "todo-api %s: %s", strings.Join(args, " "), out.String())
	return out.String()
}

// minted is what `todo-api token` printed.
type minted struct {
	id, token string
	expires   time.Time
}

var mintedPattern = regexp.MustCompile(`id (\S+), expiring (\S+); it is shown once:\n(tsk_\S+)\n$`)

func mint(t *testing.T, vars map[string]string, args ...string) minted {
	t.Helper()
	out := cli(t, vars, append([]string{"token"}, args...)...)
	m := mintedPattern.FindStringSubmatch(out)
	require.NotNil(t, m, "token output: %q", out)
	expires, err := time.Parse(time.RFC3339, m[2])
	require.NoError(t, err)
	return minted{id: m[1], expires: expires, token: m[3]}
}

// get sends GET /v1/todos with token and returns the status and when the request started.
func get(t *testing.T, base, token string) (int, time.Time) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+"/v1/todos", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode, start
}

// refusedFrom polls with token until the server answers 401, failing the test if it answers
// 200 to a request sent after deadline (revocation or expiry must hold by then) or anything
// else at all. The one-minute bound only stops a hang; it measures nothing.
func refusedFrom(t *testing.T, base, token string, deadline time.Time) {
	t.Helper()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	giveUp := time.After(time.Minute)
	for {
		status, sent := get(t, base, token)
		switch {
		case status == http.StatusUnauthorized:
			return
		case status != http.StatusOK:
			t.Fatalf("unexpected status %d", status)
		case sent.After(deadline):
			t.Fatalf("a request sent %s after the deadline was still served", sent.Sub(deadline))
		}
		select {
		case <-tick.C:
		case <-giveUp:
			t.Fatal("the token was never refused")
		}
	}
}

// TestRun_TokenLifecycle is issue 15's token lifecycle on the real server and database: a
// token revoked with `todo-api token revoke` is refused within AUTH_CACHE_TTL, an expired one
// from its expiry on although the cache holds it, and list shows last use, expiry and state.
func TestRun_TokenLifecycle(t *testing.T) {
	t.Parallel()
	url, _ := testdb.New(t)
	const cacheTTL = 2 * time.Second
	vars := map[string]string{"DATABASE_URL": url, "TSUMIKI_ENV": "local", "HTTP_ADDR": "127.0.0.1:0",
		"AUTH_CACHE_TTL": cacheTTL.String(), "TOKEN_DEFAULT_TTL": "24h", "TOKEN_MAX_TTL": "48h"}
	base := serveInBackground(t, vars)

	t.Run("Revoked", func(t *testing.T) {
		t.Parallel()
		keep := mint(t, vars, "--email", "rita@example.com", "--label", "laptop")
		tok := mint(t, vars, "mint", "--email", "rita@example.com", "--label", "phone")
		require.WithinDuration(t, time.Now().Add(24*time.Hour), tok.expires, time.Minute, "TOKEN_DEFAULT_TTL")
		status, _ := get(t, base, tok.token)
		require.Equal(t, http.StatusOK, status)

		list := cli(t, vars, "token", "list", "--email", "Rita@example.com")
		require.Regexp(t, tok.id+`\s+phone\s+live\s+\S+\s+\S+\s+20\d\d-`, list, "last use recorded")
		require.Regexp(t, keep.id+`\s+laptop\s+live\s+\S+\s+\S+\s+-`, list, "never used")

		err := run(context.Background(), []string{"token", "revoke", "--email", "rita@example.com", "ffff"}, envOf(vars), &bytes.Buffer{}, &bytes.Buffer{})
		require.ErrorContains(t, err, `"ffff" matches none of the user's tokens: `+keep.id+", "+tok.id, "the error lists the valid ids")
		out := cli(t, vars, "token", "revoke", "--email", "rita@example.com", tok.id[:18])
		revoked := time.Now()
		require.Contains(t, out, "revoked 1 token(s)")
		refusedFrom(t, base, tok.token, revoked.Add(cacheTTL))

		status, _ = get(t, base, keep.token)
		require.Equal(t, http.StatusOK, status, "the user's other token still works")
		require.Regexp(t, tok.id+`\s+phone\s+revoked`, cli(t, vars, "token", "list", "--email", "rita@example.com"))
		out = cli(t, vars, "token", "revoke", "--email", "rita@example.com", "--all")
		require.Contains(t, out, "revoked 1 token(s)", "only the live one")
	})

	t.Run("Expired", func(t *testing.T) {
		t.Parallel()
		err := run(context.Background(), []string{"token", "--email", "sam@example.com", "--expires-in", "49h"}, envOf(vars), &bytes.Buffer{}, &bytes.Buffer{})
		require.ErrorContains(t, err, "expires_in must be positive and at most 48h0m0s (TOKEN_MAX_TTL), got 49h0m0s")

		// A lifetime shorter than the cache's: the cached entry must not outlive the token.
		tok := mint(t, vars, "--email", "sam@example.com", "--expires-in", "1s")
		status, _ := get(t, base, tok.token)
		require.Equal(t, http.StatusOK, status)
		// The printed expiry is cut to the second; the real one is at most a second later.
		refusedFrom(t, base, tok.token, tok.expires.Add(time.Second))
		require.Regexp(t, tok.id+`\s+cli\s+expired`, cli(t, vars, "token", "list", "--email", "sam@example.com"))
	})
}

// TestRun_FixtureTokensOutsideLocal: fixtures load only with TSUMIKI_ENV=local exactly, and
// serve anywhere else refuses a database where a public fixture token is live.
func TestRun_FixtureTokensOutsideLocal(t *testing.T) {
	t.Parallel()
	url, _ := testdb.New(t)
	for _, env := range []string{"", "prd", "stg", "Local", " local"} {
		err := run(context.Background(), []string{"fixtures"}, envOf(map[string]string{"DATABASE_URL": url, "TSUMIKI_ENV": env}), &bytes.Buffer{}, &bytes.Buffer{})
		require.ErrorContains(t, err, "refusing to load public fixture tokens", "TSUMIKI_ENV=%q", env)
		require.ErrorContains(t, err, "it must be exactly local (valid values: local, stg, prd)")
	}
	local := map[string]string{"DATABASE_URL": url, "TSUMIKI_ENV": "local"}
	require.Contains(t, cli(t, local, "fixtures"), fixtures.AliceToken)

	for _, env := range []string{"", "stg", "prd"} {
		vars := map[string]string{"DATABASE_URL": url, "TSUMIKI_ENV": env, "HTTP_ADDR": "127.0.0.1:0"}
		err := run(context.Background(), []string{"serve"}, envOf(vars), &bytes.Buffer{}, &bytes.Buffer{})
		require.ErrorContains(t, err, "the public fixture tokens", "TSUMIKI_ENV=%q", env)
		require.ErrorContains(t, err, "are live in this database")
	}
	cli(t, local, "token", "revoke", "--email", fixtures.AliceEmail, "--all")
	err := run(context.Background(), []string{"serve"}, envOf(map[string]string{"DATABASE_URL": url, "TSUMIKI_ENV": "prd"}), &bytes.Buffer{}, &bytes.Buffer{})
	require.ErrorContains(t, err, "the public fixture tokens", "Bob's is still live")
	cli(t, local, "token", "revoke", "--email", fixtures.BobEmail, "--all")
	base := serveInBackground(t, map[string]string{"DATABASE_URL": url, "TSUMIKI_ENV": "prd", "HTTP_ADDR": "127.0.0.1:0"})
	status, _ := get(t, base, fixtures.AliceToken)
	require.Equal(t, http.StatusUnauthorized, status, "served, and the revoked fixture token is refused")
}
