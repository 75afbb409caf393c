package e2e_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/tsumiki-dev/tsumiki/libs/kit/syncbuf"
	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
	"gopkg.in/yaml.v3"
)

const (
	// bannerMarker is the banner's first line; make dev prints it once everything is ready.
	bannerMarker = "Tsumiki is running locally"
	// looksForBanner allows a cold start, which builds every service: 15 minutes.
	looksForBanner = 3600
	// looksForStop bounds the wait for make dev to end after Ctrl-C: 60 s, twice the 30 s
	// budget, so a slow stop shows in the log (with its duration) rather than as a hang.
	looksForStop = 240
)

// platformPorts are the local ports make dev and deps/up use: mk/common.mk's defaults, or the
// overrides (PG_PORT, ...) the test run was given, which make passes on to make dev.
var platformPorts = map[string]int{
	"todo-api": portFromEnv("TODO_API_PORT", 8080),
	"postgres": portFromEnv("PG_PORT", 55432),
	"sqs":      portFromEnv("SQS_PORT", 9324),
	"ses":      portFromEnv("SES_PORT", 8005),
	"dynamodb": portFromEnv("DYNAMODB_PORT", 8006),
	"s3":       portFromEnv("S3_PORT", 8007),
}

// portFromEnv returns the port in the environment variable name, or def when it is unset or
// not a port number.
func portFromEnv(name string, def int) int {
	if p, err := strconv.Atoi(os.Getenv(name)); err == nil && p > 0 && p < 65536 {
		return p
	}
	return def
}

// devRun is a `make dev` started by a test, in its own process group like a terminal's
// foreground job.
type devRun struct {
	cmd    *exec.Cmd
	out    *syncbuf.Buffer
	done   chan error
	exited bool
	// banner is what the banner told; running the processes of the platform at that moment.
	banner  banner
	running []proc
}

// startMakeDev runs make dev and waits for its banner. The test's end sends Ctrl-C if make
// dev still runs.
func startMakeDev(t *testing.T) *devRun {
	t.Helper()
	require.False(t, listening(platformPorts["todo-api"]), "port %d (todo-api) is taken before make dev starts; stop whatever holds it", platformPorts["todo-api"])
	d := &devRun{out: &syncbuf.Buffer{}, done: make(chan error, 1)}
	d.cmd = exec.Command("make", "--no-print-directory", "-C", root, "dev")
	d.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	d.cmd.Env = developerEnv()
	d.cmd.Stdout, d.cmd.Stderr = d.out, d.out
	require.NoError(t, d.cmd.Start())
	go func() { d.done <- d.cmd.Wait() }()
	t.Cleanup(func() {
		if !d.exited {
			_ = syscall.Kill(-d.cmd.Process.Pid, syscall.SIGINT)
			err := <-d.done
			t.Logf("make dev ended: %v", err)
		}
		if t.Failed() {
			t.Logf("make dev output:\n%s", d.out.String())
		}
	})

	waitFor(t, looksForBanner, "the make dev banner", func() bool {
		select {
		case err := <-d.done:
			d.exited = true
			t.Fatalf("make dev exited (%v) before its banner:\n%s", err, d.out.String())
		default:
		}
		return strings.Contains(d.out.String(), bannerMarker) && strings.Contains(d.out.String(), "\n====")
	})
	d.banner = parseBanner(t, d.out.String())
	d.running = platformProcesses(t, d.cmd.Process.Pid)
	t.Logf("banner: api %s, docs %s, mail %s; %d platform processes", d.banner.api, d.banner.docs, d.banner.mail, len(d.running))
	return d
}

// waitExit waits (bounded) for make dev to end and returns how it ended.
func (d *devRun) waitExit(t *testing.T) error {
	t.Helper()
	var exitErr error
	waitFor(t, looksForStop, "make dev to end", func() bool {
		select {
		case exitErr = <-d.done:
			d.exited = true
			t.Logf("make dev ended: %v", exitErr)
			return true
		default:
			return false
		}
	})
	return exitErr
}

// requireNothingLeft fails if a process seen while make dev ran, or a platform port, remains.
func (d *devRun) requireNothingLeft(t *testing.T) {
	t.Helper()
	for _, p := range d.running {
		require.False(t, p.alive(), "process %d is still running after make dev ended: %s", p.pid, p.cmdline)
	}
	for name, port := range platformPorts {
		require.False(t, listening(port), "port %d (%s) still listens after make dev ended", port, name)
	}
}

// TestMakeDev runs `make dev` as a person would, checks what its banner promises, then presses
// Ctrl-C and checks that nothing of the platform is left running.
func TestMakeDev(t *testing.T) {
	requireOptIn(t)
	d := startMakeDev(t)
	b := d.banner

	// Reminders naming the curl's todo title before the curl runs: kept local state may hold
	// some from earlier runs, so the test waits for one more.
	tryMails := func() int {
		n := 0
		for _, m := range mailsTo(t, b.mail, b.email) {
			if strings.Contains(m.Body.Text, "Try Tsumiki") {
				n++
			}
		}
		return n
	}
	before := tryMails()

	t.Run("PrintedCurlCreatesTodo", func(t *testing.T) {
		got, err := exec.CommandContext(t.Context(), "bash", "-c", b.curl).Output()
		require.NoError(t, err, "the banner's curl: %s", b.curl)
		var todo struct {
			ID    string    `json:"id"`
			Title string    `json:"title"`
			DueAt time.Time `json:"due_at"`
		}
		require.NoError(t, json.Unmarshal(got, &todo), "the curl's answer: %s", got)
		require.NotEmpty(t, todo.ID)
		require.Equal(t, "Try Tsumiki", todo.Title)
		require.WithinDuration(t, time.Now().Add(2*time.Minute), todo.DueAt, time.Minute, "due in two minutes")
	})

	t.Run("DocsShowEveryOperation", func(t *testing.T) {
		ops := specOperations(t)
		require.NotEmpty(t, ops)
		dom := chromiumDOM(t, b.docs, 10*time.Second)
		for _, op := range ops {
			require.Contains(t, dom, `id="operation/`+op.ID+`"`, "/docs has no section for operation %s (%s)", op.ID, op.Route)
			require.Contains(t, dom, html.EscapeString(op.Summary), "/docs does not show the summary of %s (%s)", op.ID, op.Route)
		}
	})

	t.Run("ReminderOnMailPage", func(t *testing.T) {
		// The worker's leader runs due_reminders on start and then every minute: waiting for
		// the next period cost up to a minute of every make test. The test enqueues one run as
		// `make todo-batch/enqueue JOB=due_reminders` does, on the same database make dev
		// uses (make e2e exported .local/env); the running worker picks it up. The curl's
		// todo is due in two minutes, inside the window. The schedule itself is covered by
		// worker's TestNewClient_LeaderChangeEnqueuesEachPeriodOnce and TestReminderPipeline.
		runCmd(t, os.Environ(), "todo-batch", "enqueue", "due_reminders", "-window", "10m")
		waitFor(t, looksForMail, "the reminder for the curl's todo in the local SES", func() bool {
			return tryMails() > before
		})
		dom := chromiumDOM(t, b.mail, 5*time.Second)
		require.Contains(t, dom, `class="email"`)
		require.Contains(t, dom, "Try Tsumiki", "the mail page shows the reminder")
	})

	// Ctrl-C: SIGINT to the whole foreground process group, as a terminal does.
	stopStart := time.Now()
	require.NoError(t, syscall.Kill(-d.cmd.Process.Pid, syscall.SIGINT))
	exitErr := d.waitExit(t)
	t.Logf("make dev stopped %.1f s after Ctrl-C (budget: 30 s); exit: %v", time.Since(stopStart).Seconds(), exitErr)
	require.Contains(t, d.out.String(), "dev: stopped", "make dev says it stopped")
	services, err := svcdef.Load(root)
	require.NoError(t, err)
	require.NotEmpty(t, services)
	for _, svc := range services {
		require.Regexp(t, `\[`+svc.Name+`\] .* exited with code 0`, d.out.String(), "%s drains and exits 0 on Ctrl-C", svc.Name)
	}

	t.Run("NothingLeftRunning", d.requireNothingLeft)
}

// TestMakeDev_ServiceCrash kills todo-api under make dev: the others stop, the dependencies
// stop, and make dev exits non-zero saying so, so a broken platform never looks like a running
// one.
func TestMakeDev_ServiceCrash(t *testing.T) {
	requireOptIn(t)
	d := startMakeDev(t)
	pid := servicePID(t, d.running, "todo-api serve")
	require.NoError(t, syscall.Kill(pid, syscall.SIGKILL))
	require.Error(t, d.waitExit(t), "make dev must fail when a service crashes")
	require.Contains(t, d.out.String(), "a service stopped on its own")
	require.Contains(t, d.out.String(), "dev: stopped")
	t.Run("NothingLeftRunning", d.requireNothingLeft)
}

// servicePID returns the pid of the process whose command line ends with suffix.
func servicePID(t *testing.T, procs []proc, suffix string) int {
	t.Helper()
	for _, p := range procs {
		if strings.HasSuffix(p.cmdline, suffix) && strings.Contains(p.cmdline, ".local/bin/") {
			return p.pid
		}
	}
	t.Fatalf("no process %q among make dev's processes", suffix)
	return 0
}

// developerEnv is this process's environment without what make e2e exported from .local/env
// for the other tests and without make's own variables: make dev must find the local platform
// on its own, as for a person typing it.
func developerEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		// The flags of the make that runs this test (make e2e) must not leak into make dev.
		if k == "DATABASE_URL" || k == optInVar || k == "MAKEFLAGS" || k == "MFLAGS" || k == "MAKELEVEL" ||
			strings.HasPrefix(k, "AWS_") || strings.HasPrefix(k, "MAIL_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// banner is what make dev's banner tells.
type banner struct {
	api, docs, mail, email, token, curl string
}

func parseBanner(t *testing.T, out string) banner {
	t.Helper()
	_, text, _ := strings.Cut(out, bannerMarker)
	field := func(re string) string {
		m := regexp.MustCompile(re).FindStringSubmatch(text)
		require.Len(t, m, 2, "the banner has no match for %s:\n%s", re, text)
		return m[1]
	}
	b := banner{
		api:   field(`(?m)^\s*API\s+(http://127\.0\.0\.1:\d+/)\s*$`),
		docs:  field(`(?m)^\s*API reference\s+(http://127\.0\.0\.1:\d+/docs)\s*$`),
		mail:  field(`(?m)^\s*Mail \(SES\)\s+(http://127\.0\.0\.1:\d+/)\s*$`),
		email: field(`(?m)^.*\s(\S+@\S+)\s+token: \S+\s*$`),
		token: field(`(?m)^.*token: (\S+)\s*$`),
		curl:  field(`(?m)^\s*(curl .*)$`),
	}
	require.Contains(t, b.curl, b.token, "the curl uses the printed token")
	require.Contains(t, b.curl, "date -u -d '+2 minutes'", "the curl computes a due time two minutes ahead")
	return b
}

// operation is one operation of the OpenAPI spec.
type operation struct {
	ID, Summary, Route string
}

// specOperations lists every operation in todo-api's OpenAPI document.
func specOperations(t *testing.T) []operation {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, "services", "todo-api", "api", "openapi.yaml"))
	require.NoError(t, err)
	var spec struct {
		Paths map[string]map[string]yaml.Node `yaml:"paths"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &spec))
	var ops []operation
	methods := map[string]bool{"get": true, "put": true, "post": true, "delete": true, "options": true, "head": true, "patch": true, "trace": true}
	for path, item := range spec.Paths {
		for method, node := range item {
			if !methods[method] {
				continue
			}
			var op struct {
				OperationID string `yaml:"operationId"`
				Summary     string `yaml:"summary"`
			}
			require.NoError(t, node.Decode(&op))
			route := strings.ToUpper(method) + " " + path
			require.NotEmpty(t, op.OperationID, "%s has no operationId", route)
			ops = append(ops, operation{ID: op.OperationID, Summary: op.Summary, Route: route})
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].ID < ops[j].ID })
	return ops
}

// proc is a process seen while make dev ran.
type proc struct {
	pid     int
	start   string // field 22 of /proc/PID/stat: start time, to tell a reused pid apart
	cmdline string
}

// alive reports whether the same process (same pid and start time) still exists and is not a
// zombie.
func (p proc) alive() bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.pid))
	if err != nil {
		return false
	}
	f := statFields(stat)
	return len(f) > 19 && f[19] == p.start && f[0] != "Z"
}

// statFields returns the fields of /proc/PID/stat after the command name: state first.
func statFields(stat []byte) []string {
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(string(stat[i+1:]))
}

// platformProcesses returns every process of make dev's process group, plus the dependencies
// deps/up started in their own sessions (pid files under .local/run).
func platformProcesses(t *testing.T, pgid int) []proc {
	t.Helper()
	pids := map[int]bool{}
	entries, err := os.ReadDir("/proc")
	require.NoError(t, err)
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		if f := statFields(stat); len(f) > 2 && f[2] == strconv.Itoa(pgid) {
			pids[pid] = true
		}
	}
	files, err := filepath.Glob(filepath.Join(root, ".local", "run", "*.pid"))
	require.NoError(t, err)
	for _, file := range files {
		raw, err := os.ReadFile(file)
		require.NoError(t, err)
		if pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(raw), "\n", 2)[0])); err == nil {
			pids[pid] = true
		}
	}
	var out []proc
	for pid := range pids {
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		f := statFields(stat)
		if len(f) > 19 {
			out = append(out, proc{pid: pid, start: f[19], cmdline: strings.TrimSpace(strings.ReplaceAll(string(cmdline), "\x00", " "))})
		}
	}
	require.NotEmpty(t, out, "no process of make dev found")
	return out
}

// listening reports whether something accepts TCP connections on 127.0.0.1:port.
func listening(port int) bool {
	c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
	if err != nil {
		return false
	}
	_ = c.Close()
	return true
}

// TestMakeDev_PortTaken checks that make dev fails at once, naming the port and how to pick
// another, when something else listens on the API's port; it starts nothing.
func TestMakeDev_PortTaken(t *testing.T) {
	requireOptIn(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port

	cmd := exec.CommandContext(t.Context(), "make", "--no-print-directory", "-C", root, "dev", fmt.Sprintf("TODO_API_PORT=%d", port))
	cmd.Env = developerEnv()
	out, err := cmd.CombinedOutput()
	require.Error(t, err, "make dev must fail when its port is taken:\n%s", out)
	require.Contains(t, string(out), fmt.Sprintf("port %d (todo-api) is taken by another process", port))
	require.Contains(t, string(out), "make dev TODO_API_PORT=NNNN", "the error says how to choose another port")
	require.NotContains(t, string(out), "starting the dependencies", "nothing is started")
}
