package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/syncbuf"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/batchtest"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/catalogue"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs/counttodos"
)

// TestRun_NewJobInOnePackage adds a job the way a newcomer would: one package
// (internal/jobs/counttodos) and one registration line (below, the same line catalogue.All
// would get). With no other edit, `jobs` lists it, `run` runs it and the worker's leader
// schedules it and works it.
func TestRun_NewJobInOnePackage(t *testing.T) {
	t.Parallel()
	p := newPlatform(t)
	batchtest.Fixture{Users: 2, TodosPerUser: 3, DueIn: 5 * time.Hour}.Insert(t, p.pool)

	registered := append(catalogue.All(), counttodos.Spec) // the one registration line
	getenv := func(k string) string { return p.env[k] }
	cmd := func(ctx context.Context, stdout *syncbuf.Buffer, args ...string) error {
		return cli{jobs: registered, getenv: getenv, stdout: stdout, stderr: stdout}.run(ctx, args)
	}

	out := &syncbuf.Buffer{}
	require.NoError(t, cmd(context.Background(), out, "jobs"))
	assert.Regexp(t, `(?m)^count_todos\s+every hour\s+count the open todos`, out.String(), "jobs lists it")
	out = &syncbuf.Buffer{}
	require.NoError(t, cmd(context.Background(), out, "help"))
	assert.Regexp(t, `(?m)^  count_todos\s+-deleted$`, out.String(), "usage shows its flags")

	out = &syncbuf.Buffer{}
	require.NoError(t, cmd(context.Background(), out, "run", "count_todos"), "run runs it")
	assert.Regexp(t, `"msg":"job finished".*"job":"count_todos","todos":6`, out.String())
	require.Error(t, cmd(context.Background(), &syncbuf.Buffer{}, "run", "count_todos", "-weekly"), "its flags are its own")

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var workerOut syncbuf.Buffer
	done := make(chan error, 1)
	go func() { done <- cmd(ctx, &workerOut, "worker") }()
	require.Eventually(t, func() bool {
		var n int
		require.NoError(t, p.pool.QueryRow(context.Background(),
			`SELECT count(*) FROM river_job WHERE kind = 'count_todos' AND state = 'completed'`).Scan(&n))
		return n == 1
	}, 2*time.Minute, 50*time.Millisecond, "the worker's leader schedules it and a worker completes it")
	stop()
	select {
	case err := <-done:
		require.NoError(t, err, workerOut.String())
	case <-time.After(time.Minute): // a hang guard, not a performance limit
		require.FailNow(t, "worker did not stop")
	}
	assert.Contains(t, workerOut.String(), `"job":"count_todos","todos":6`)
}
