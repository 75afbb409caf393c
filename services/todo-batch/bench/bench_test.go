// Package bench holds todo-batch's benchmarks (`make bench/todo-batch`): River's throughput on
// this machine, the due_reminders job over 100,000 and 1,000,000 due todos, and the export_todos
// job for one user with 1,000, 100,000 and 1,000,000 todos (`-bench Export` alone). They print
// figures and assert only correctness (every todo reminded or exported) and that memory stays
// flat.
package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/batchtest"
)

type noopArgs struct {
	N int `json:"n"`
}

func (noopArgs) Kind() string { return "bench_noop" }

// BenchmarkRiverThroughput inserts 10,000 trivial jobs with InsertMany and works them with 50
// workers, with River's default fetch cooldown (100 ms, what todo-batch's worker uses: at most
// MaxWorkers jobs per fetch, so about 500 jobs/s with 50 workers) and with a 10 ms one.
func BenchmarkRiverThroughput(b *testing.B) {
	for _, cooldown := range []time.Duration{100 * time.Millisecond, 10 * time.Millisecond} {
		b.Run("cooldown="+cooldown.String(), func(b *testing.B) {
			for b.Loop() {
				riverThroughput(b, cooldown)
			}
		})
	}
}

func riverThroughput(b *testing.B, cooldown time.Duration) {
	const jobCount, maxWorkers = 10_000, 50
	{
		_, pool := batchtest.NewDatabase(b)
		workers := river.NewWorkers()
		river.AddWorker(workers, river.WorkFunc(func(context.Context, *river.Job[noopArgs]) error { return nil }))
		client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
			FetchCooldown: cooldown,
			Queues:        map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: maxWorkers}},
			Workers:       workers,
		})
		require.NoError(b, err)
		ctx := context.Background()
		require.NoError(b, client.Start(ctx))

		params := make([]river.InsertManyParams, jobCount)
		for i := range params {
			params[i] = river.InsertManyParams{Args: noopArgs{N: i}}
		}
		start := time.Now()
		_, err = client.InsertMany(ctx, params)
		require.NoError(b, err)
		inserted := time.Since(start)
		for {
			var done int
			require.NoError(b, pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE state = 'completed'`).Scan(&done))
			if done == jobCount {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		total := time.Since(start)
		require.NoError(b, client.Stop(ctx))
		fmt.Printf("river: %d trivial jobs, %d workers, fetch cooldown %s: InsertMany %.2fs, insert+work %.2fs = %.0f jobs/s\n",
			jobCount, maxWorkers, cooldown, inserted.Seconds(), total.Seconds(), float64(jobCount)/total.Seconds())
		b.ReportMetric(float64(jobCount)/total.Seconds(), "jobs/s")
		b.ReportMetric(inserted.Seconds(), "insert-s")
	}
}

// BenchmarkDueReminders runs `todo-batch run due_reminders` as a child process over a
// fixture of due todos (100 per user) and reports its seconds, its peak resident memory
// (getrusage of the child, i.e. VmHWM) and the mails it enqueued on the local SQS.
func BenchmarkDueReminders(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "todo-batch")
	out, err := exec.Command("go", "build", "-o", bin, "../cmd/todo-batch").CombinedOutput() //nolint:gosec // the test's own temp path
	require.NoError(b, err, string(out))

	peaks := map[int]float64{}
	for _, todos := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("todos=%d", todos), func(b *testing.B) {
			for b.Loop() {
				peaks[todos] = dueReminders(b, bin, todos)
			}
		})
	}
	if small, big := peaks[100_000], peaks[1_000_000]; small > 0 && big > 0 {
		fmt.Printf("due_reminders: peak memory %.1f MB at 100,000 todos, %.1f MB at 1,000,000 (x%.2f for 10x the todos)\n",
			small, big, big/small)
		// Memory depends on the batch size, not on the todo count; a growth anywhere near
		// the 10x of the data means something loads everything.
		require.Less(b, big/small, 2.0, "peak memory must stay flat as the todo count grows")
	}
}

// runJob runs `todo-batch run JOB ARGS...` as a child process with env plus the local
// platform's AWS region, credentials and the endpoint variables named, and returns the totals
// of its "job finished" log line, its run time and its peak resident set in MB (getrusage).
func runJob(b *testing.B, bin, job string, args, env []string, endpoints ...string) (finished map[string]any, elapsed time.Duration, peakMB float64) {
	b.Helper()
	cmd := exec.Command(bin, append([]string{"run", job}, args...)...)
	cmd.Env = env
	getenv := batchtest.AWSGetenv(b)
	for _, k := range append([]string{"AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}, endpoints...) {
		cmd.Env = append(cmd.Env, k+"="+getenv(k))
	}
	stdout, err := cmd.StdoutPipe() // the logs, like every service's
	require.NoError(b, err)
	cmd.Stderr = os.Stderr
	start := time.Now()
	require.NoError(b, cmd.Start())
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if strings.Contains(sc.Text(), `"msg":"job finished"`) {
			require.NoError(b, json.Unmarshal(sc.Bytes(), &finished))
		}
	}
	require.NoError(b, cmd.Wait())
	elapsed = time.Since(start)
	peakMB = float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) / 1024
	require.NotNil(b, finished, "the run logs its totals")
	return finished, elapsed, peakMB
}

func dueReminders(b *testing.B, bin string, todos int) (peakMB float64) {
	b.Helper()
	url, pool := batchtest.NewDatabase(b)
	queue := batchtest.NewQueue(b)
	users := todos / 100
	start := time.Now()
	batchtest.Fixture{Users: users, TodosPerUser: 100, DueIn: 10 * time.Minute}.Insert(b, pool)
	_, err := pool.Exec(context.Background(), "ANALYZE users; ANALYZE todos")
	require.NoError(b, err)
	fmt.Printf("due_reminders: fixture of %d users x 100 due todos inserted in %.1fs (generate_series)\n", users, time.Since(start).Seconds())

	finished, elapsed, peakMB := runJob(b, bin, "due_reminders", nil,
		[]string{"DATABASE_URL=" + url, "MAIL_QUEUE_URL=" + queue, "MAIL_SENDERS=" + batchtest.Sender}, "AWS_ENDPOINT_URL_SQS")

	var reminded int
	require.NoError(b, pool.QueryRow(context.Background(), `SELECT count(*) FROM todos WHERE reminded_due_at IS NOT NULL`).Scan(&reminded))
	require.Equal(b, todos, reminded, "every due todo is reminded")
	depth := batchtest.QueueDepth(b, queue)
	require.Equal(b, users, depth, "one mail per user is queued")

	fmt.Printf("due_reminders: %d due todos, %d users: %.1fs (%.0f todos/s), peak RSS %.1f MB, %d mails enqueued, %v batches\n",
		todos, users, elapsed.Seconds(), float64(todos)/elapsed.Seconds(), peakMB, depth, finished["batches"])
	b.ReportMetric(elapsed.Seconds(), "s/run")
	b.ReportMetric(peakMB, "peak-MB")
	b.ReportMetric(float64(depth), "mails")
	return peakMB
}
