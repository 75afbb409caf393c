package bench

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/batchtest"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/export"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/s3store"
)

// exportNotes is the length of every benchmark todo's notes: rows of about 330 bytes of CSV,
// so 1,000,000 todos make a 330 MB object (the old in-memory export held all of it, twice).
const exportNotes = 240

// exportSlack is what the peak may grow by, beyond the upload's part buffers, between the
// smallest and the largest export: the garbage collector's headroom over those buffers and
// allocator noise, not data (measured: 20 to 33 MB above the 1,000-todo peak, varying from run
// to run and not with the size).
const exportSlack = 24 << 20

// BenchmarkExport runs `todo-batch run export_todos` as a child process for one user with
// 1,000, 100,000 and 1,000,000 todos and reports its seconds and peak resident memory
// (getrusage of the child, i.e. VmHWM). The peak must stay flat: every size may exceed the
// 1,000-todo peak by at most the upload's part buffers (s3store.MaxBuffered, which that export,
// a single PutObject, does not fill) plus exportSlack.
func BenchmarkExport(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "todo-batch")
	out, err := exec.Command("go", "build", "-o", bin, "../cmd/todo-batch").CombinedOutput() //nolint:gosec // the test's own temp path
	require.NoError(b, err, string(out))

	sizes := []int{1_000, 100_000, 1_000_000}
	peaks := map[int]float64{}
	for _, todos := range sizes {
		b.Run(fmt.Sprintf("todos=%d", todos), func(b *testing.B) {
			for b.Loop() {
				peaks[todos] = exportRun(b, bin, todos)
			}
		})
	}
	small, big := peaks[sizes[0]], peaks[sizes[len(sizes)-1]]
	if small == 0 || big == 0 {
		fmt.Println("SKIPPED: export peak memory comparison: not every size ran (-bench filter)")
		return
	}
	bound := small + float64(s3store.MaxBuffered+exportSlack)/(1<<20)
	fmt.Printf("export: peak RSS %.1f MB at 1,000 todos, %.1f MB at 100,000, %.1f MB at 1,000,000 (bound %.1f MB = 1,000-todo peak + %d MiB part buffers + %d MiB slack)\n",
		small, peaks[100_000], big, bound, s3store.MaxBuffered>>20, exportSlack>>20)
	for _, n := range sizes {
		require.LessOrEqual(b, peaks[n], bound, "peak memory of the %d-todo export must stay flat", n)
	}
}

func exportRun(b *testing.B, bin string, todos int) (peakMB float64) {
	b.Helper()
	ctx := context.Background()
	url, pool := batchtest.NewDatabase(b)
	bucket := batchtest.NewBucket(b)
	start := time.Now()
	_, err := pool.Exec(ctx, `INSERT INTO users (id, email, display_name) VALUES (md5('user-1')::uuid, 'user1@example.com', 'User 1')`)
	require.NoError(b, err)
	_, err = pool.Exec(ctx, `INSERT INTO todos (id, owner_id, title, notes, due_at)
		SELECT md5('todo-1-' || j)::uuid, md5('user-1')::uuid, 'Todo ' || j || ' of user 1', repeat('x', $2), now() + make_interval(secs => j)
		FROM generate_series(1, $1) j`, todos, exportNotes)
	require.NoError(b, err)
	_, err = pool.Exec(ctx, "ANALYZE users; ANALYZE todos")
	require.NoError(b, err)
	fmt.Printf("export: fixture of 1 user x %d todos inserted in %.1fs (generate_series)\n", todos, time.Since(start).Seconds())

	const day = "2026-11-30"
	finished, elapsed, peakMB := runJob(b, bin, "export_todos", []string{"-day", day},
		[]string{"DATABASE_URL=" + url, "EXPORT_BUCKET=" + bucket}, "AWS_ENDPOINT_URL_S3")
	require.InDelta(b, float64(todos), finished["todos"], 0, "every todo is exported")

	client := batchtest.S3Client(b)
	key := aws.String("todos/" + export.Key(day, batchtest.UserID(1)))
	head, err := client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: key})
	require.NoError(b, err)
	size := aws.ToInt64(head.ContentLength)
	// The in-memory S3 stand-in keeps the object until deleted; free it for the next size.
	_, err = client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: key})
	require.NoError(b, err)

	fmt.Printf("export: 1 user, %d todos, object %.1f MB: %.1fs, peak RSS %.1f MB\n",
		todos, float64(size)/1e6, elapsed.Seconds(), peakMB)
	b.ReportMetric(elapsed.Seconds(), "s/run")
	b.ReportMetric(peakMB, "peak-MB")
	b.ReportMetric(float64(size)/1e6, "object-MB")
	return peakMB
}
