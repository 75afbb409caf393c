package localplatform

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/syncbuf"
	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
)

// The test binary doubles as the processes the platform runs, so the tests start real
// processes without building anything: as the S3 stand-in ("fakes3 -addr ADDR", as the local
// command serves it) and, under the names fake services get in .local/bin, as services.
func TestMain(m *testing.M) {
	if len(os.Args) > 2 && os.Args[1] == "fakes3" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		if err := ServeS3(ctx, os.Args[3], os.Stdout, nil); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	switch filepath.Base(os.Args[0]) {
	case "fake-web":
		os.Exit(fakeService(true))
	case "fake-worker":
		os.Exit(fakeService(false))
	}
	os.Exit(m.Run())
}

// fakeService behaves like a service under make dev: it logs a line, serves /readyz on
// HTTP_ADDR when web, exits 0 on SIGTERM, and exits 3 on its own after the duration of an
// argument crash-after=DURATION.
func fakeService(web bool) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Printf("{\"msg\":\"%s started\",\"args\":%q}\n", filepath.Base(os.Args[0]), os.Args[1:])
	if web {
		ln, err := net.Listen("tcp", os.Getenv("HTTP_ADDR"))
		if err != nil {
			fmt.Println("listen:", err)
			return 1
		}
		srv := &http.Server{ReadHeaderTimeout: time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte("ok"))
		})}
		go func() { _ = srv.Serve(ln) }()
		defer func() { _ = srv.Close() }()
	}
	var crash <-chan time.Time
	for _, arg := range os.Args[1:] {
		if v, ok := strings.CutPrefix(arg, "crash-after="); ok {
			d, err := time.ParseDuration(v)
			if err != nil {
				fmt.Println(err)
				return 2
			}
			crash = time.After(d)
		}
	}
	select {
	case <-ctx.Done():
		fmt.Println("stopping")
		return 0
	case <-crash:
		fmt.Println("crashing")
		return 3
	}
}

// repoRoot is the repository's root directory.
// It is found from the working directory: go test runs in the package's folder, and
// runtime.Caller's path is module-relative under make's -trimpath.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := cli.FindRoot("run the test inside the repository")
	require.NoError(t, err)
	return root
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())
	return port
}

// testPlatform is a platform of its own for one test: the repository's stand-in scripts and
// node_modules, its own state directory and ephemeral ports. Its cleanup removes everything.
func testPlatform(t *testing.T) (*Platform, Config, *syncbuf.Buffer) {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: starts PostgreSQL and the stand-ins (skipped under -short)")
	}
	out := &syncbuf.Buffer{}
	local := filepath.Join(t.TempDir(), "local")
	cfg := Config{
		Root:  repoRoot(t),
		Local: local,
		Ports: Ports{Postgres: freePort(t), SQS: freePort(t), SES: freePort(t), DynamoDB: freePort(t), S3: freePort(t)},
		// The mailer, and a Lambda like make new/service KIND=lambda writes.
		Lambdas: []string{"mailer", testLambda},
		Self:    []string{os.Args[0], "fakes3"},
		Out:     out,
		Err:     out,
	}
	p := New(cfg)
	t.Cleanup(func() {
		require.NoError(t, p.Clean(context.WithoutCancel(t.Context())))
		for _, port := range []int{cfg.Ports.Postgres, cfg.Ports.SQS, cfg.Ports.SES, cfg.Ports.DynamoDB, cfg.Ports.S3} {
			require.False(t, portTaken(port), "port %d still taken after Clean", port)
		}
		if t.Failed() {
			t.Logf("output:\n%s", out.String())
		}
	})
	return p, cfg, out
}

// testLambda is the Lambda service besides the mailer that testPlatform's deps/up creates a
// queue for.
const testLambda = "demo-fn"

// portsOf lists cfg's dependency ports with their names.
func portsOf(cfg Config) map[string]int {
	return map[string]int{"postgres": cfg.Ports.Postgres, "sqs": cfg.Ports.SQS, "ses": cfg.Ports.SES, "dynamodb": cfg.Ports.DynamoDB, "s3": cfg.Ports.S3}
}

// itoa is strconv.Itoa, short for tables.
func itoa(n int) string { return strconv.Itoa(n) }
