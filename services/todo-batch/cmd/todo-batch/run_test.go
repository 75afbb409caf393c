package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tsumiki-dev/tsumiki/libs/kit/syncbuf"

	"github.com/tsumiki-dev/tsumiki/libs/mailer"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/batchtest"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs/duereminders"
)

func TestRun_BadInput(t *testing.T) {
	t.Parallel()
	db := map[string]string{"DATABASE_URL": "postgres://u@127.0.0.1:1/db"}
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		wantCode int
		wantErrs []string
	}{
		{name: "NoCommand", wantCode: exitUsage, wantErrs: []string{"no command", "usage:"}},
		{name: "UnknownCommand", args: []string{"serve"}, wantCode: exitUsage, wantErrs: []string{`unknown command "serve"`}},
		{name: "RunWithoutJob", args: []string{"run"}, wantCode: exitUsage, wantErrs: []string{"a job name is required; one of: due_reminders, purge_deleted, export_todos, purge_idempotency_keys"}},
		{name: "RunUnknownJob", args: []string{"run", "send_spam"}, wantCode: exitUsage, wantErrs: []string{`unknown job "send_spam"; one of: due_reminders, purge_deleted, export_todos, purge_idempotency_keys`}},
		{name: "EnqueueUnknownJob", args: []string{"enqueue", "nope"}, wantCode: exitUsage, wantErrs: []string{`unknown job "nope"`}},
		{name: "UnknownFlag", args: []string{"run", "due_reminders", "-day", "2026-11-29"}, wantCode: exitUsage, wantErrs: []string{"due_reminders flags: flag provided but not defined: -day"}},
		{name: "BadDay", args: []string{"run", "export_todos", "-day", "tomorrow"}, wantCode: exitUsage, wantErrs: []string{`export_todos -day: day "tomorrow": want a date as YYYY-MM-DD`}},
		{name: "BadBefore", args: []string{"enqueue", "purge_deleted", "-before", "yesterday"}, wantCode: exitUsage, wantErrs: []string{`purge_deleted -before "yesterday": want an RFC 3339 instant`}},
		{name: "BeforeAndOlderThan", args: []string{"run", "purge_deleted", "-before", "2026-01-01T00:00:00Z", "-older-than", "48h"}, wantCode: exitUsage, wantErrs: []string{"give -before or -older-than, not both"}},
		{name: "NegativeWindow", args: []string{"run", "due_reminders", "-window", "-1h"}, wantCode: exitUsage, wantErrs: []string{"due_reminders -window -1h0m0s: must be positive"}},
		{name: "ExtraArgument", args: []string{"run", "purge_deleted", "now"}, wantCode: exitUsage, wantErrs: []string{`purge_deleted: unexpected argument "now"`}},
		{name: "JobsWithArgument", args: []string{"jobs", "all"}, wantCode: exitUsage, wantErrs: []string{"jobs takes no arguments, only -names"}},
		{name: "MigrateWithoutSubcommand", args: []string{"migrate"}, wantCode: exitUsage, wantErrs: []string{"usage: todo-batch migrate up | down [N] | version"}},
		{name: "WorkerMissingConfig", args: []string{"worker"}, wantCode: exitUsage,
			wantErrs: []string{"DATABASE_URL: is required", "EXPORT_BUCKET: is required", "MAIL_QUEUE_URL is required", "MAIL_SENDERS is required", "AWS_REGION is required"}},
		{name: "RunRemindersMissingConfig", args: []string{"run", "due_reminders"}, env: db, wantCode: exitUsage,
			wantErrs: []string{"MAIL_QUEUE_URL is required", "MAIL_SENDERS is required"}},
		{name: "BadConfigValue", args: []string{"run", "purge_deleted"}, env: map[string]string{"DATABASE_URL": "postgres://u@127.0.0.1:1/db", "PURGE_BATCH_SIZE": "many"}, wantCode: exitUsage,
			wantErrs: []string{`PURGE_BATCH_SIZE: "many" is not an integer`}},
		{name: "DatabaseUnreachable", args: []string{"run", "purge_deleted"}, env: db, wantCode: exitFailure,
			wantErrs: []string{"connect to the database: ping u@127.0.0.1:1/db"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, func(k string) string { return tt.env[k] }, &stdout, &stderr)
			require.Error(t, err)
			for _, want := range tt.wantErrs {
				require.ErrorContains(t, err, want)
			}
			assert.Equal(t, tt.wantCode, exitCode(err))
		})
	}
}

func TestRun_Jobs(t *testing.T) {
	t.Parallel()
	var stdout bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"jobs"}, func(string) string { return "" }, &stdout, &bytes.Buffer{}))
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	require.Len(t, lines, 5)
	assert.Regexp(t, `^due_reminders\s+every minute\s+mail each user`, lines[1])
	assert.Regexp(t, `^purge_deleted\s+daily at 03:00 UTC`, lines[2])
	assert.Regexp(t, `^export_todos\s+daily at 00:30 UTC`, lines[3])
	assert.Regexp(t, `^purge_idempotency_keys\s+every hour\s+delete todo-api's idempotency keys`, lines[4])

	stdout.Reset()
	require.NoError(t, run(context.Background(), []string{"jobs", "-names"}, func(string) string { return "" }, &stdout, &bytes.Buffer{}))
	assert.Equal(t, "due_reminders\npurge_deleted\nexport_todos\npurge_idempotency_keys\n", stdout.String())
}

func TestRun_Usage(t *testing.T) {
	t.Parallel()
	var stdout bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"help"}, func(string) string { return "" }, &stdout, &bytes.Buffer{}))
	assert.Regexp(t, `(?m)^  due_reminders\s+-window duration$`, stdout.String())
	assert.Regexp(t, `(?m)^  purge_deleted\s+-before RFC3339 \| -older-than duration$`, stdout.String())
	assert.Regexp(t, `(?m)^  export_todos\s+-day YYYY-MM-DD \| -users id,id,\.\.\.$`, stdout.String())
	assert.Regexp(t, `(?m)^  purge_idempotency_keys\s+-before RFC3339$`, stdout.String())
}

// ---- Tests of the built binary, as separate processes against the local platform. ----

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds todo-batch once per test run.
func binary(t *testing.T) string {
	t.Helper()
	batchtest.Env(t, "DATABASE_URL") // skip under -short before paying for the build
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "todo-batch-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "todo-batch")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput() //nolint:gosec // the test's own temp path
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	require.NoError(t, buildErr, "build todo-batch")
	return binPath
}

// proc is a running todo-batch process.
type proc struct {
	cmd    *exec.Cmd
	stderr *syncbuf.Buffer
	done   chan struct{}
	err    error
}

// platform is one test's database, queue and bucket, and the environment pointing at them.
type platform struct {
	url    string
	pool   *pgxpool.Pool
	queue  string
	bucket string
	env    map[string]string
}

func newPlatform(t *testing.T) *platform {
	t.Helper()
	url, pool := batchtest.NewDatabase(t)
	p := &platform{url: url, pool: pool, queue: batchtest.NewQueue(t), bucket: batchtest.NewBucket(t)}
	aws := batchtest.AWSGetenv(t)
	p.env = map[string]string{
		"DATABASE_URL": url, "MAIL_QUEUE_URL": p.queue, "MAIL_SENDERS": batchtest.Sender,
		"EXPORT_BUCKET": p.bucket, "LOG_LEVEL": "debug",
	}
	for _, k := range []string{"AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_S3"} {
		p.env[k] = aws(k)
	}
	return p
}

// start runs the binary with the platform's environment plus extra.
func (p *platform) start(t *testing.T, extra map[string]string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(binary(t), args...) //nolint:gosec // the binary this test built
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for k, v := range p.env {
		if _, ok := extra[k]; !ok {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	for k, v := range extra {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	pr := &proc{cmd: cmd, stderr: &syncbuf.Buffer{}, done: make(chan struct{})}
	cmd.Stderr = pr.stderr
	cmd.Stdout = pr.stderr
	require.NoError(t, cmd.Start())
	go func() { pr.err = cmd.Wait(); close(pr.done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-pr.done
		if t.Failed() {
			t.Logf("todo-batch %s output:\n%s", strings.Join(args, " "), pr.stderr.String())
		}
	})
	return pr
}

// wait returns the exit code. The minute is a hang guard, not a performance limit.
func (pr *proc) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-pr.done:
	case <-time.After(2 * time.Minute):
		require.FailNow(t, "process did not exit", pr.stderr.String())
	}
	var ee *exec.ExitError
	if errors.As(pr.err, &ee) {
		return ee.ExitCode()
	}
	require.NoError(t, pr.err)
	return 0
}

func (pr *proc) exited() bool {
	select {
	case <-pr.done:
		return true
	default:
		return false
	}
}

// owners returns the fixture's user ids in the order reminder batches visit them.
func owners(t *testing.T, pool *pgxpool.Pool) []uuid.UUID {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT id FROM users ORDER BY id`)
	require.NoError(t, err)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
	require.NoError(t, err)
	return ids
}

// holdRows locks the todos of the given owners in a transaction until release is called,
// so a reminder batch reaching them blocks there: a "long job" the test controls.
func holdRows(t *testing.T, pool *pgxpool.Pool, ids []uuid.UUID) (release func()) {
	t.Helper()
	ctx := context.Background()
	tx, err := pool.Begin(ctx)
	require.NoError(t, err)
	_, err = tx.Exec(ctx, `SELECT 1 FROM todos WHERE owner_id = ANY($1) FOR UPDATE`, ids)
	require.NoError(t, err)
	var once sync.Once
	release = func() { once.Do(func() { require.NoError(t, tx.Rollback(ctx)) }) }
	t.Cleanup(release)
	return release
}

func reminded(t *testing.T, pool *pgxpool.Pool) int {
	t.Helper()
	var n int
	require.NoError(t, pool.QueryRow(context.Background(), `SELECT count(*) FROM todos WHERE reminded_due_at IS NOT NULL`).Scan(&n))
	return n
}

// mailedTodos drains the queue and returns, per idempotency key, the todo ids mailed.
func mailedTodos(t *testing.T, queue string) (messages int, byKey map[string][]string) {
	t.Helper()
	byKey = map[string][]string{}
	envs := batchtest.DrainQueue(t, queue)
	for _, e := range envs {
		require.Equal(t, "todo_due_reminder", e.Template)
		var data mailer.TodoDueReminder
		require.NoError(t, json.Unmarshal(e.Data, &data))
		for _, td := range data.Todos {
			byKey[e.ID] = append(byKey[e.ID], td.ID)
		}
	}
	return len(envs), byKey
}

// requireRemindedOnce checks that every fixture todo is marked and was mailed exactly once.
func requireRemindedOnce(t *testing.T, p *platform, users, perUser int) map[string][]string {
	t.Helper()
	require.Equal(t, users*perUser, reminded(t, p.pool))
	messages, byKey := mailedTodos(t, p.queue)
	require.Equal(t, users, messages, "one queued mail per user")
	require.Len(t, byKey, users, "one idempotency key per user")
	seen := map[string]int{}
	for _, ids := range byKey {
		for _, id := range ids {
			seen[id]++
		}
	}
	require.Len(t, seen, users*perUser, "every due todo is in a mail")
	for id, n := range seen {
		require.Equal(t, 1, n, "todo %s mailed %d times", id, n)
	}
	return byKey
}

func TestRun_TwoConcurrentRuns(t *testing.T) {
	t.Parallel()
	p := newPlatform(t)
	batchtest.Fixture{Users: 4, TodosPerUser: 2, DueIn: 5 * time.Minute}.Insert(t, p.pool)
	// Whichever process gets the advisory lock blocks on these row locks until released.
	release := holdRows(t, p.pool, owners(t, p.pool))

	a := p.start(t, nil, "run", "due_reminders")
	b := p.start(t, nil, "run", "due_reminders")
	var first, second *proc
	require.Eventually(t, func() bool { return a.exited() || b.exited() }, 2*time.Minute, 20*time.Millisecond,
		"one of the two runs exits at once")
	first, second = a, b
	if b.exited() {
		first, second = b, a
	}
	require.Equal(t, exitAlreadyRunning, first.wait(t))
	assert.Contains(t, first.stderr.String(), "todo-batch: job due_reminders: already running (another process holds its advisory lock)")
	require.False(t, second.exited(), "the lock holder is still working")

	release()
	require.Equal(t, 0, second.wait(t), second.stderr.String())
	requireRemindedOnce(t, p, 4, 2)
}

func TestWorker_KillMidJobThenRestart(t *testing.T) {
	t.Parallel()
	p := newPlatform(t)
	const users, perUser = 10, 3
	batchtest.Fixture{Users: users, TodosPerUser: perUser, DueIn: 5 * time.Minute}.Insert(t, p.pool)
	release := holdRows(t, p.pool, owners(t, p.pool)[5:])
	small := map[string]string{"REMINDER_BATCH_SIZE": "3"} // one user per batch

	w1 := p.start(t, small, "worker")
	require.Eventually(t, func() bool { return reminded(t, p.pool) == 5*perUser }, 2*time.Minute, 20*time.Millisecond,
		"the first five users' batches commit, then the job blocks")
	var jobID int64
	require.NoError(t, p.pool.QueryRow(context.Background(),
		`SELECT id FROM river_job WHERE kind = $1 AND state = 'running'`, duereminders.Kind).Scan(&jobID))
	require.NoError(t, w1.cmd.Process.Signal(syscall.SIGKILL))
	w1.wait(t)
	release()

	// The restarted worker's leader rescues the job that was running in the killed process.
	w2 := p.start(t, map[string]string{"REMINDER_BATCH_SIZE": "3", "JOB_TIMEOUT": "5s", "JOB_RESCUE_AFTER": "5s"}, "worker")
	require.Eventually(t, func() bool {
		var state string
		require.NoError(t, p.pool.QueryRow(context.Background(), `SELECT state FROM river_job WHERE id = $1`, jobID).Scan(&state))
		return state == "completed"
	}, 3*time.Minute, 100*time.Millisecond, "the killed job is rescued and completed")
	require.NoError(t, w2.cmd.Process.Signal(syscall.SIGTERM))
	require.Equal(t, 0, w2.wait(t))

	requireRemindedOnce(t, p, users, perUser)
}

func TestWorker_SIGTERMDuringLongJob(t *testing.T) {
	t.Parallel()
	const users, perUser = 10, 3
	now := time.Now()

	// Reference: the same fixture reminded by one uninterrupted run.
	ref := newPlatform(t)
	batchtest.Fixture{Users: users, TodosPerUser: perUser, DueIn: 5 * time.Minute, Now: now}.Insert(t, ref.pool)
	require.Equal(t, 0, ref.start(t, nil, "run", "due_reminders").wait(t))
	refKeys := requireRemindedOnce(t, ref, users, perUser)

	p := newPlatform(t)
	batchtest.Fixture{Users: users, TodosPerUser: perUser, DueIn: 5 * time.Minute, Now: now}.Insert(t, p.pool)
	release := holdRows(t, p.pool, owners(t, p.pool)[5:])
	budget := map[string]string{"REMINDER_BATCH_SIZE": "3", "SOFT_STOP_TIMEOUT": "1s", "SHUTDOWN_TIMEOUT": "10s"}
	w1 := p.start(t, budget, "worker")
	require.Eventually(t, func() bool { return reminded(t, p.pool) == 5*perUser }, 2*time.Minute, 20*time.Millisecond,
		"half the users are reminded, then the job blocks")
	var jobID int64
	require.NoError(t, p.pool.QueryRow(context.Background(),
		`SELECT id FROM river_job WHERE kind = $1 AND state = 'running'`, duereminders.Kind).Scan(&jobID))

	start := time.Now()
	require.NoError(t, w1.cmd.Process.Signal(syscall.SIGTERM))
	// Exit 0 means the worker stopped within SHUTDOWN_TIMEOUT; it exits 1 when it overruns.
	require.Equal(t, 0, w1.wait(t), w1.stderr.String())
	t.Logf("worker stopped %s after SIGTERM (SOFT_STOP_TIMEOUT 1s, SHUTDOWN_TIMEOUT 10s)", time.Since(start).Round(time.Millisecond))
	var state string
	require.NoError(t, p.pool.QueryRow(context.Background(), `SELECT state FROM river_job WHERE id = $1`, jobID).Scan(&state))
	require.Contains(t, []string{"available", "retryable"}, state, "the cancelled job is back on the queue")
	t.Logf("job %d is %s after the stop", jobID, state)
	require.Equal(t, 5*perUser, reminded(t, p.pool), "committed batches stay done, the cancelled one rolled back")

	release()
	w2 := p.start(t, map[string]string{"REMINDER_BATCH_SIZE": "3"}, "worker")
	require.Eventually(t, func() bool {
		require.NoError(t, p.pool.QueryRow(context.Background(), `SELECT state FROM river_job WHERE id = $1`, jobID).Scan(&state))
		return state == "completed"
	}, 3*time.Minute, 100*time.Millisecond, "the handed-back job finishes on the next worker")
	require.NoError(t, w2.cmd.Process.Signal(syscall.SIGTERM))
	require.Equal(t, 0, w2.wait(t))

	keys := requireRemindedOnce(t, p, users, perUser)
	assert.Equal(t, refKeys, keys, "same mails, with the same idempotency keys, as an uninterrupted run")
	assert.Equal(t, remindedState(t, ref.pool), remindedState(t, p.pool), "same reminded marks as an uninterrupted run")
}

func remindedState(t *testing.T, pool *pgxpool.Pool) map[uuid.UUID]time.Time {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT id, reminded_due_at FROM todos`)
	require.NoError(t, err)
	m := map[uuid.UUID]time.Time{}
	for rows.Next() {
		var (
			id uuid.UUID
			at time.Time
		)
		require.NoError(t, rows.Scan(&id, &at))
		m[id] = at.UTC()
	}
	require.NoError(t, rows.Err())
	return m
}

func TestBinary_BadInputExitCode(t *testing.T) {
	t.Parallel()
	p := newPlatform(t)
	pr := p.start(t, nil, "run", "nope")
	require.Equal(t, exitUsage, pr.wait(t))
	assert.Contains(t, pr.stderr.String(), `todo-batch: unknown job "nope"; one of: due_reminders, purge_deleted, export_todos, purge_idempotency_keys`)
}

func TestBinary_MigrateAndEnqueue(t *testing.T) {
	t.Parallel()
	p := newPlatform(t)
	// batchtest already migrated: up is a no-op, version reports the latest.
	up := p.start(t, nil, "migrate", "up")
	require.Equal(t, 0, up.wait(t))
	assert.Contains(t, up.stderr.String(), "river schema: no change")
	v := p.start(t, nil, "migrate", "version")
	require.Equal(t, 0, v.wait(t))
	assert.Regexp(t, `river schema version (\d+) \(latest (\d+)\)`, v.stderr.String())

	e := p.start(t, nil, "enqueue", "export_todos", "-day", "2026-11-29")
	require.Equal(t, 0, e.wait(t), e.stderr.String())
	assert.Regexp(t, `enqueued export_todos as job \d+`, e.stderr.String())
	var args []byte
	require.NoError(t, p.pool.QueryRow(context.Background(), `SELECT args FROM river_job WHERE kind = 'export_todos'`).Scan(&args))
	assert.JSONEq(t, `{"day":"2026-11-29"}`, string(args))
}

func TestRun_SIGTERMKeepsCommittedBatches(t *testing.T) {
	t.Parallel()
	p := newPlatform(t)
	const users, perUser = 6, 2
	batchtest.Fixture{Users: users, TodosPerUser: perUser, DueIn: 5 * time.Minute}.Insert(t, p.pool)
	release := holdRows(t, p.pool, owners(t, p.pool)[3:])
	opts := map[string]string{"REMINDER_BATCH_SIZE": "2", "SOFT_STOP_TIMEOUT": "1s"}

	first := p.start(t, opts, "run", "due_reminders")
	require.Eventually(t, func() bool { return reminded(t, p.pool) == 3*perUser }, 2*time.Minute, 20*time.Millisecond,
		"three users are reminded, then the run blocks")
	require.NoError(t, first.cmd.Process.Signal(syscall.SIGTERM))
	require.Equal(t, exitFailure, first.wait(t), "an interrupted one-shot run reports failure")
	assert.Regexp(t, `todo-batch: run due_reminders: due reminders after 3 committed batches: .*context canceled`, first.stderr.String())
	require.Equal(t, 3*perUser, reminded(t, p.pool), "committed batches are kept")

	release()
	require.Equal(t, 0, p.start(t, opts, "run", "due_reminders").wait(t))
	requireRemindedOnce(t, p, users, perUser)
}
