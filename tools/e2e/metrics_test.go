package e2e_test

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/metrics"
	"github.com/tsumiki-dev/tsumiki/libs/kit/pgtest"
	"github.com/tsumiki-dev/tsumiki/libs/kit/postgres"
)

// The alarm families the end-to-end tests follow from an incident to the metric its alarm
// watches: what CloudWatch would extract from the services' logs (embedded metric format).
// Each service's own tests cover every metric; these show the real binaries on the local
// platform emit them when the incident happens.

// observability reads services/<service>/observability.yaml, the definition the alarms use.
func observability(t *testing.T, service string) metrics.Spec {
	t.Helper()
	spec, err := metrics.Load(filepath.Join(root, "services", service, metrics.FileName))
	require.NoError(t, err)
	return spec
}

// requireMetric fails unless the log output publishes metric name of service as its
// observability.yaml defines it (namespace, unit, dimension sets), with values under dims
// adding up to at least minSum.
func requireMetric(t *testing.T, service, logs, name string, dims map[string]string, minSum float64) {
	t.Helper()
	recs, err := metrics.ParseRecords([]byte(logs))
	require.NoError(t, err, "the %s log holds valid embedded metric format records", service)
	require.NoError(t, metrics.CheckEmitted(observability(t, service), recs, name, dims, minSum), "%s log:\n%s", service, logs)
}

// envWith returns env with the variables in kv (name=value) replacing or adding to it.
func envWith(env []string, kv ...string) []string {
	replaced := map[string]bool{}
	for _, e := range kv {
		name, _, _ := strings.Cut(e, "=")
		replaced[name] = true
	}
	out := make([]string, 0, len(env)+len(kv))
	for _, e := range env {
		if name, _, _ := strings.Cut(e, "="); !replaced[name] {
			out = append(out, e)
		}
	}
	return append(out, kv...)
}

// envValue returns the value of name in env.
func envValue(env []string, name string) string {
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, name+"="); ok {
			return v
		}
	}
	return ""
}

// base is the dimension set every SLO sums.
func base(service string) map[string]string {
	return map[string]string{metrics.DimEnvironment: "local", metrics.DimService: service}
}

// lateReminderIsMetric: a todo that sat in the reminder window for over an hour (the reminder
// pipeline was down) gets its reminder, and todo-batch reports it as LateReminders, the bad
// events of the reminder-freshness SLO its burn-rate alarms watch.
func (p *platform) lateReminderIsMetric(t *testing.T) {
	email, _ := p.newUser(t, "late")
	pool, err := postgres.NewPool(t.Context(), envValue(p.env, "DATABASE_URL"), postgres.PoolOptions{MaxConns: 1, ApplicationName: "e2e"})
	require.NoError(t, err)
	defer pool.Close()
	// Inserted as the pipeline would have left it: due 10 minutes ago, unchanged for two hours,
	// so it has waited 70 minutes in the one-hour reminder window (freshness target: 5).
	_, err = pool.Exec(t.Context(), `INSERT INTO todos (id, owner_id, title, due_at, created_at, updated_at)
		SELECT gen_random_uuid(), id, 'Late ' || $2, now() - interval '10 minutes', now() - interval '2 hours', now() - interval '2 hours'
		FROM users WHERE email = $1`, email, p.nonce)
	require.NoError(t, err)

	// A one-shot run writes its records when it exits; the worker's leader may get to the todo
	// first, and then its records come with its next flush (every 10 s).
	out := runCmd(t, p.env, "todo-batch", "run", "due_reminders")
	seen := func() bool {
		for _, logs := range []string{out, p.worker.out.String()} {
			recs, err := metrics.ParseRecords([]byte(logs))
			if err == nil && metrics.Sum(recs, "LateReminders", base("todo-batch")) >= 1 {
				return true
			}
		}
		return false
	}
	waitFor(t, looksForStart, "LateReminders in todo-batch's log", seen)
	logs := out
	if recs, _ := metrics.ParseRecords([]byte(out)); metrics.Sum(recs, "LateReminders", nil) < 1 {
		logs = p.worker.out.String()
	}
	requireMetric(t, "todo-batch", logs, "LateReminders", base("todo-batch"), 1)
	requireMetric(t, "todo-batch", logs, "RemindersEnqueued", base("todo-batch"), 1)
	requireMetric(t, "todo-batch", logs, "ReminderLag", base("todo-batch"), 70*60*1000)
}

// deadLetterIsMetric: the malformed message the mailer moved to the dead-letter queue
// (MalformedMessageGoesToDLQ) is in the mailer's log as MailsDeadLettered, and as
// MailsUndelivered, the bad events of the delivery SLO its burn-rate alarms watch.
func (p *platform) deadLetterIsMetric(t *testing.T) {
	logs := p.mailer.out.String()
	requireMetric(t, "mailer", logs, "MailsDeadLettered", base("mailer"), 1)
	requireMetric(t, "mailer", logs, "MailsUndelivered", base("mailer"), 1)
	requireMetric(t, "mailer", logs, "MailsSent", base("mailer"), 1)
	requireMetric(t, "mailer", logs, "QueueLag", base("mailer"), 0)
}

// serverErrorBurstIsMetric: a todo-api whose database lost its schema (a broken migration)
// answers a burst of 5xx, which it reports as ServerErrors, the bad events of the
// availability SLO its burn-rate alarms watch. It runs beside the platform's own todo-api,
// on a database of its own, so nothing else sees the breakage.
func (p *platform) serverErrorBurstIsMetric(t *testing.T) {
	_, token := p.newUser(t, "burst")
	port := freePort(t)
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	env := envWith(p.env, "DATABASE_URL="+pgtest.NewDatabase(t), fmt.Sprintf("HTTP_ADDR=127.0.0.1:%d", port))
	api := start(t, t, env, "todo-api", "serve")
	api.waitOutput(t, looksForStart, `"msg":"listening"`)
	const burst = 5
	for range burst {
		require.GreaterOrEqual(t, doJSON(t, http.MethodGet, url+"/v1/todos", token, nil, nil), http.StatusInternalServerError)
	}
	api.stop(t) // a graceful stop writes what was observed
	dims := map[string]string{metrics.DimEnvironment: "local", metrics.DimService: "todo-api", "Route": "/v1/todos"}
	requireMetric(t, "todo-api", api.out.String(), "ServerErrors", dims, burst)
	requireMetric(t, "todo-api", api.out.String(), "Requests", dims, burst)
}
