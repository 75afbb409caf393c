package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/syncbuf"
	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
)

// optInVar turns the end-to-end tests on; `make e2e` sets it.
const optInVar = "TSUMIKI_E2E"

// pollEvery is the pause between two looks at something the tests wait for.
const pollEvery = 250 * time.Millisecond

// root is the repository's root directory, found from the working directory (go test runs in
// the package's folder; runtime.Caller's path is module-relative under make's -trimpath).
var root = func() string {
	r, err := cli.FindRoot("run the test inside the repository")
	if err != nil {
		panic(err)
	}
	return r
}()

// binDir holds the service binaries TestMain builds once for every test.
var binDir string

func TestMain(m *testing.M) {
	flag.Parse()
	if os.Getenv(optInVar) != "1" || testing.Short() {
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "tsumiki-e2e-bin-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e: make a directory for the binaries: %v\n", err)
		os.Exit(1)
	}
	binDir = dir
	code := 1
	if err := buildServices(dir); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: %v\n", err)
	} else {
		code = m.Run()
	}
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// buildServices builds the three service binaries into dir, from the workspace (go.work).
func buildServices(dir string) error {
	cmd := exec.Command("go", "build", "-o", dir+string(os.PathSeparator),
		"./services/todo-api/cmd/todo-api", "./services/todo-batch/cmd/todo-batch", "./services/mailer/cmd/mailer")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build the services: %w\n%s", err, out)
	}
	return nil
}

// requireOptIn skips the test, saying why, unless the end-to-end tests were asked for.
func requireOptIn(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test: skipped under -short")
	}
	if os.Getenv(optInVar) != "1" {
		t.Skipf("end-to-end test: runs only with %s=1; `make e2e` (part of `make test`) sets it", optInVar)
	}
}

// waitFor polls cond until it returns true, failing the test with what after tries looks
// (bounded, so a broken pipeline fails instead of hanging).
func waitFor(t *testing.T, tries int, what string, cond func() bool) {
	t.Helper()
	for range tries {
		if cond() {
			return
		}
		select {
		case <-t.Context().Done():
			t.Fatalf("waiting for %s: %v", what, t.Context().Err())
		case <-time.After(pollEvery):
		}
	}
	t.Fatalf("gave up waiting for %s after %d looks, %s apart", what, tries, pollEvery)
}

// ---------------------------------------------------------------------------------------------
// Processes.

// process is a service started by a test.
type process struct {
	name string
	cmd  *exec.Cmd
	out  *syncbuf.Buffer
	done chan struct{}
	err  error
}

// start runs bin (a binary in binDir) with args and env, its output kept for the test's log.
// The process is stopped when owner ends (the test itself, or a parent test when a subtest
// starts a process that outlives it), if the test did not stop it.
func start(t, owner *testing.T, env []string, bin string, args ...string) *process {
	t.Helper()
	p := &process{name: bin + " " + strings.Join(args, " "), out: &syncbuf.Buffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(filepath.Join(binDir, bin), args...)
	p.cmd.Env = env
	p.cmd.Stdout = p.out
	p.cmd.Stderr = p.out
	require.NoError(t, p.cmd.Start(), "start %s", p.name)
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	owner.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.stop(owner)
		}
		if owner.Failed() {
			owner.Logf("output of %s:\n%s", p.name, p.out.String())
		}
	})
	return p
}

// stop sends SIGTERM and requires a clean exit (exit status 0) within the platform's 30 s stop
// budget; past it, the process is killed and the test fails.
func (p *process) stop(t *testing.T) {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
		t.Fatalf("%s did not stop within 30 s of SIGTERM; output:\n%s", p.name, p.out.String())
	}
	require.NoError(t, p.err, "%s must exit 0 after SIGTERM; output:\n%s", p.name, p.out.String())
}

// waitOutput waits until the process has printed text, failing early if it exits.
func (p *process) waitOutput(t *testing.T, tries int, text string) {
	t.Helper()
	waitFor(t, tries, fmt.Sprintf("%s to print %q", p.name, text), func() bool {
		select {
		case <-p.done:
			t.Fatalf("%s exited (%v) before printing %q; output:\n%s", p.name, p.err, text, p.out.String())
		default:
		}
		return strings.Contains(p.out.String(), text)
	})
}

// runCmd runs bin with args and env to completion and returns its standard output.
func runCmd(t *testing.T, env []string, bin string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), filepath.Join(binDir, bin), args...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "%s %s:\n%s%s", bin, strings.Join(args, " "), stdout.String(), stderr.String())
	return stdout.String()
}

// ---------------------------------------------------------------------------------------------
// Local SES.

// sesMail is a mail as aws-ses-v2-local's GET /store lists it.
type sesMail struct {
	MessageID   string `json:"messageId"`
	From        string `json:"from"`
	Subject     string `json:"subject"`
	Destination struct {
		To []string `json:"to"`
	} `json:"destination"`
	Body struct {
		HTML string `json:"html"`
		Text string `json:"text"`
	} `json:"body"`
}

// mailsTo returns the mails in the local SES with addr among the recipients.
func mailsTo(t *testing.T, sesURL, addr string) []sesMail {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, strings.TrimSuffix(sesURL, "/")+"/store", nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err, "GET %s/store", sesURL)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var store struct {
		Emails []sesMail `json:"emails"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&store))
	var out []sesMail
	for _, m := range store.Emails {
		for _, to := range m.Destination.To {
			if strings.Contains(to, addr) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// ---------------------------------------------------------------------------------------------
// HTTP.

// doJSON sends a JSON request and decodes a JSON answer into out (when not nil); it returns
// the status code.
func doJSON(t *testing.T, method, u, token string, body, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, u, rd)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err, "%s %s", method, u)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	if out != nil && resp.StatusCode < 300 {
		require.NoError(t, json.Unmarshal(raw, out), "%s %s answered %s", method, u, raw)
	}
	if resp.StatusCode >= 300 {
		t.Logf("%s %s: %d %s", method, u, resp.StatusCode, raw)
	}
	return resp.StatusCode
}

// httpOK reports whether GET u answers 200.
func httpOK(ctx context.Context, u string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	_ = resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// ---------------------------------------------------------------------------------------------
// Headless Chromium.

// chromiumDOM loads u in headless Debian Chromium, lets its scripts run (fetches included) for
// up to budget of virtual time, and returns the resulting DOM.
func chromiumDOM(t *testing.T, u string, budget time.Duration) string {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	require.NoError(t, err, "Debian's chromium is required: run `make deps/chromium` (apt-get install chromium)")
	_, err = url.Parse(u)
	require.NoError(t, err)
	cmd := exec.CommandContext(t.Context(), bin,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(),
		fmt.Sprintf("--virtual-time-budget=%d", budget.Milliseconds()),
		"--dump-dom", u)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		t.Fatalf("chromium --dump-dom %s: %v\n%s", u, err, stderr.String())
	}
	require.NoError(t, err)
	return stdout.String()
}
