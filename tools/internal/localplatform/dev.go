package localplatform

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"
)

// Kinds of service, as the service definitions (tools/internal/svcdef) name them.
const (
	// KindHTTP is a service that serves HTTP on the port its PortEnv names; make dev waits for
	// its /readyz.
	KindHTTP = "http"
	// KindLambda is an SQS-fed Lambda: locally its run-local polls the queue deps/up creates
	// for it (QueueURLVar).
	KindLambda = "lambda"
)

// fixtureService is the service whose `fixtures` subcommand loads the sample users and todos
// make dev's banner shows a token of, and whose API the banner's curl calls.
const fixtureService = "todo-api"

// Service is one service make dev runs, as its definition (services/<name>/service.yaml)
// describes it.
type Service struct {
	// Name is the service's folder under services/.
	Name string
	// Kind is http, worker or lambda.
	Kind string
	// Command is the main package services/<Name>/cmd/<Command>, built into .local/bin.
	Command string
	// Args are the arguments that run it locally, e.g. [serve].
	Args []string
	// PortEnv names the variable holding an http service's local port (TODO_API_PORT); the
	// service gets HTTP_ADDR=127.0.0.1:<port>.
	PortEnv string
}

// DevOptions configure Dev.
type DevOptions struct {
	// Services are the services to run, in start order.
	Services []Service
	// Migrate names the services whose binaries have a `migrate up` subcommand, in the order
	// they must run (make's MIGRATE_SERVICES).
	Migrate []string
	// Getenv reads the ports the services' PortEnv name; nil means os.Getenv.
	Getenv func(string) string
	// ReadyWait bounds how long each service may take to become ready. Zero means 90 s.
	ReadyWait time.Duration
	// StopGrace bounds a service's drain after SIGTERM before it is killed. Zero means 30 s,
	// the platform's stop budget.
	StopGrace time.Duration
	// Settle is how long a service without a readiness endpoint must keep running to count as
	// started. Zero means 2 s.
	Settle time.Duration
	// SkipBuild uses the binaries already in .local/bin (tests build them once).
	SkipBuild bool
}

// ErrServiceStopped says a service ended on its own while make dev ran. Nothing restarts it:
// the others and the dependencies are stopped and make dev fails.
var ErrServiceStopped = errors.New("a service stopped on its own")

func (p *Platform) devf(format string, a ...any) {
	fmt.Fprintf(p.cfg.Out, "dev: "+format+"\n", a...)
}

func (p *Platform) devPidFile() string { return filepath.Join(p.runDir(), "dev.pid") }

func (p *Platform) svcPidFile(name string) string {
	return filepath.Join(p.runDir(), "svc-"+name+".pid")
}

// DevRunning returns the running make dev of this checkout, if any.
func (p *Platform) DevRunning() (Proc, bool) { return runningFromPidFile(p.devPidFile()) }

// servicePort returns the local port of an http service.
func servicePort(s Service, getenv func(string) string) (int, error) {
	port, err := strconv.Atoi(getenv(s.PortEnv))
	if err != nil || port <= 0 || port > 65535 {
		return 0, fmt.Errorf("%s (the port of %s) must be a TCP port number, got %q", s.PortEnv, s.Name, getenv(s.PortEnv))
	}
	return port, nil
}

// Dev runs the whole platform until ctx ends (Ctrl-C, SIGTERM) or a service stops on its own:
// it checks the services' ports, starts the dependencies (Up), builds the services into
// .local/bin, migrates, loads the fixtures, starts every service with its output prefixed by
// its name (and appended to .local/logs/<name>.log), waits until each is ready and prints the
// banner. When it ends it stops the services (SIGTERM, then SIGKILL after StopGrace) and the
// dependencies. It restarts nothing: a service that stops on its own makes Dev stop the rest
// and return ErrServiceStopped.
func (p *Platform) Dev(ctx context.Context, opts DevOptions) (err error) {
	err = p.dev(ctx, opts)
	if err != nil && ctx.Err() != nil {
		// Ctrl-C while starting up: what failed was only interrupted, and everything is
		// stopped already.
		return nil
	}
	return err
}

func (p *Platform) dev(ctx context.Context, opts DevOptions) (err error) {
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	if opts.ReadyWait == 0 {
		opts.ReadyWait = 90 * time.Second
	}
	if opts.StopGrace == 0 {
		opts.StopGrace = 30 * time.Second
	}
	if opts.Settle == 0 {
		opts.Settle = 2 * time.Second
	}
	if pr, ok := p.DevRunning(); ok {
		return fmt.Errorf("make dev already runs in this checkout (pid %d); stop it with Ctrl-C in its terminal, or see `make dev/status`", pr.PID)
	}
	ports := map[string]int{}
	for _, s := range opts.Services {
		if s.Kind != KindHTTP {
			continue
		}
		port, err := servicePort(s, opts.Getenv)
		if err != nil {
			return err
		}
		if portTaken(port) {
			return fmt.Errorf("port %d (%s) is taken by another process. Stop it, or choose another port: make dev %s=NNNN", port, s.Name, s.PortEnv)
		}
		ports[s.Name] = port
	}
	self, err := procOf(os.Getpid())
	if err != nil {
		return err
	}
	if err := writePidFile(p.devPidFile(), self); err != nil {
		return err
	}
	cleanup := context.WithoutCancel(ctx)
	defer func() {
		p.devf("stopping the dependencies")
		if downErr := p.Down(cleanup); downErr != nil {
			err = errors.Join(err, downErr)
		}
		_ = os.Remove(p.devPidFile())
		p.devf("stopped; `make dev` starts again from the kept state")
	}()

	// The services build while the dependencies start: a cold start spends most of its time
	// in go build.
	built := make(chan error, 1)
	if opts.SkipBuild {
		built <- nil
	} else {
		go func() { built <- p.buildServices(ctx, opts.Services) }()
	}
	p.devf("starting the dependencies (deps/up)")
	if err := p.Up(ctx); err != nil {
		return errors.Join(err, <-built)
	}
	if err := <-built; err != nil {
		return err
	}
	envFile, err := p.FreshEnv()
	if err != nil {
		return err
	}
	env := envFile.Environ(os.Environ())
	if err := p.migrate(ctx, opts, env); err != nil {
		return err
	}
	email, token, err := p.fixtures(ctx, opts.Services, env)
	if err != nil {
		return err
	}

	sup := &supervisor{p: p, out: &lockedWriter{w: p.cfg.Out}}
	defer sup.stopAll(opts.StopGrace)
	followCtx, stopFollowing := context.WithCancel(ctx)
	defer stopFollowing()
	p.followDependencyLogs(followCtx, sup.out)
	names := make([]string, 0, len(opts.Services))
	for _, s := range opts.Services {
		names = append(names, s.Name)
	}
	p.devf("starting %s (logs: %s/<name>.log)", strings.Join(names, " "), p.rel(p.logDir()))
	for _, s := range opts.Services {
		svcEnv := env
		if port, ok := ports[s.Name]; ok {
			svcEnv = append(append([]string{}, env...), "HTTP_ADDR=127.0.0.1:"+strconv.Itoa(port))
		}
		if err := sup.start(s, svcEnv); err != nil {
			return err
		}
	}
	for _, sp := range sup.procs {
		if err := sup.waitReady(ctx, sp, ports[sp.svc.Name], opts); err != nil {
			return err
		}
	}
	if ctx.Err() != nil {
		p.devf("stopping the services")
		return nil
	}
	p.printBanner(ports[fixtureService], email, token)

	select {
	case <-ctx.Done():
		p.devf("stopping the services")
		return nil
	case sp := <-sup.exited:
		return fmt.Errorf("%w: %s exited with code %d; the others are stopped; see %s", ErrServiceStopped, sp.svc.Name, sp.code, p.rel(filepath.Join(p.logDir(), sp.svc.Name+".log")))
	}
}

// buildServices builds every service's command into .local/bin.
func (p *Platform) buildServices(ctx context.Context, services []Service) error {
	p.devf("building the services into %s (go build; cached after the first run)", p.rel(p.binDir()))
	args := []string{"build", "-o", p.binDir() + string(os.PathSeparator)}
	for _, s := range services {
		args = append(args, "./services/"+s.Name+"/cmd/"+s.Command)
	}
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = p.cfg.Root
	cmd.Stdout, cmd.Stderr = p.cfg.Out, p.cfg.Out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build of the services failed (output above): %w", err)
	}
	return nil
}

// binary returns the path of s's binary in .local/bin.
func (p *Platform) binary(s Service) string { return filepath.Join(p.binDir(), s.Command) }

// migrate runs `<binary> migrate up` for each service in opts.Migrate, in order.
func (p *Platform) migrate(ctx context.Context, opts DevOptions, env []string) error {
	for _, name := range opts.Migrate {
		for _, s := range opts.Services {
			if s.Name != name {
				continue
			}
			p.devf("migrating %s", name)
			cmd := exec.CommandContext(ctx, p.binary(s), "migrate", "up")
			cmd.Env = env
			cmd.Stdout, cmd.Stderr = p.cfg.Out, p.cfg.Out
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("%s migrate up failed (output above): %w", name, err)
			}
		}
	}
	return nil
}

var (
	tokenPattern  = regexp.MustCompile(`token (tsk_[A-Za-z0-9_-]+)`)
	loadedPattern = regexp.MustCompile(`loaded: (\S+)`)
)

// fixtures loads fixtureService's fixtures and returns the first fixture user's address and
// token (deterministic: see services/todo-api/internal/fixtures).
func (p *Platform) fixtures(ctx context.Context, services []Service, env []string) (email, token string, err error) {
	for _, s := range services {
		if s.Name != fixtureService {
			continue
		}
		p.devf("loading the fixtures")
		cmd := exec.CommandContext(ctx, p.binary(s), "fixtures")
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		_ = os.WriteFile(filepath.Join(p.cfg.Local, "fixtures.out"), out, 0o644)
		if err != nil {
			return "", "", fmt.Errorf("%s fixtures: %w\n%s", s.Name, err, out)
		}
		t, e := tokenPattern.FindSubmatch(out), loadedPattern.FindSubmatch(out)
		if t == nil || e == nil {
			return "", "", fmt.Errorf("cannot find the fixture user's address and token in the output of `%s fixtures` (%s)", s.Name, p.rel(filepath.Join(p.cfg.Local, "fixtures.out")))
		}
		return string(e[1]), string(t[1]), nil
	}
	return "", "", nil
}

// printBanner tells what runs where and how to try it.
func (p *Platform) printBanner(apiPort int, email, token string) {
	api := "http://127.0.0.1:" + strconv.Itoa(apiPort)
	var b strings.Builder
	line := strings.Repeat("=", 92)
	fmt.Fprintf(&b, "\n%s\n Tsumiki is running locally. Ctrl-C stops everything.\n\n", line)
	if apiPort != 0 {
		fmt.Fprintf(&b, "   API            %s/\n   API reference  %s/docs\n", api, api)
	}
	fmt.Fprintf(&b, "   Mail (SES)     http://127.0.0.1:%d/\n", p.cfg.Ports.SES)
	if token != "" {
		fmt.Fprintf(&b, "   Fixture user   %s   token: %s\n\n", email, token)
		b.WriteString(" Create a todo due in two minutes (its reminder mail appears on the mail page):\n\n")
		fmt.Fprintf(&b, "   curl -sS -X POST %s/v1/todos -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' -d \"{\\\"title\\\":\\\"Try Tsumiki\\\",\\\"due_at\\\":\\\"$(date -u -d '+2 minutes' +%%Y-%%m-%%dT%%H:%%M:%%SZ)\\\"}\"\n", api, token)
	}
	fmt.Fprintf(&b, "\n Logs: .local/logs/<name>.log   Status: make dev/status   Wipe local state: make dev/reset\n%s\n\n", line)
	_, _ = io.WriteString(p.cfg.Out, b.String())
}

// supervisor runs the services of one make dev.
type supervisor struct {
	p      *Platform
	out    *lockedWriter
	procs  []*svcProc
	exited chan *svcProc
	once   sync.Once
}

// svcProc is one running service.
type svcProc struct {
	svc  Service
	cmd  *exec.Cmd
	desc string
	log  *os.File
	pw   *prefixWriter
	done chan struct{}
	code int
}

// start runs s with env, its output prefixed with its name and appended to its log.
func (sup *supervisor) start(s Service, env []string) error {
	if sup.exited == nil {
		sup.exited = make(chan *svcProc, 16)
	}
	logPath := filepath.Join(sup.p.logDir(), s.Name+".log")
	log, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("open %s: %w", logPath, err)
	}
	sp := &svcProc{svc: s, desc: strings.Join(append([]string{s.Command}, s.Args...), " "), log: log, done: make(chan struct{})}
	fmt.Fprintf(log, "\n=== %s starting %s\n", time.Now().UTC().Format(time.RFC3339), sp.desc)
	sp.pw = &prefixWriter{prefix: sup.p.prefix(s.Name, len(sup.procs)), term: sup.out, log: log}
	sp.cmd = exec.Command(sup.p.binary(s), s.Args...)
	sp.cmd.Env = env
	sp.cmd.Dir = sup.p.cfg.Root
	sp.cmd.Stdout, sp.cmd.Stderr = sp.pw, sp.pw
	// Its own process group: the terminal's Ctrl-C reaches make dev only, which stops the
	// services in order. Pdeathsig: a make dev killed outright takes its services with it.
	sp.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := sp.cmd.Start(); err != nil {
		_ = log.Close()
		return fmt.Errorf("start %s: %w", s.Name, err)
	}
	if pr, err := procOf(sp.cmd.Process.Pid); err == nil {
		_ = writePidFile(sup.p.svcPidFile(s.Name), pr)
	}
	sup.procs = append(sup.procs, sp)
	go func() {
		err := sp.cmd.Wait()
		sp.code = exitCode(sp.cmd.ProcessState, err)
		sp.pw.flush()
		what := fmt.Sprintf("exited with code %d", sp.code)
		if ws, ok := sp.cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			what += " (" + ws.Signal().String() + ")"
		}
		fmt.Fprintf(sup.out, "[%s] %s %s\n", s.Name, sp.desc, what)
		_ = os.Remove(sup.p.svcPidFile(s.Name))
		_ = log.Close()
		close(sp.done)
		sup.exited <- sp
	}()
	return nil
}

// exitCode returns the process's exit status; -1 when a signal ended it.
func exitCode(ps *os.ProcessState, err error) int {
	if ps != nil {
		return ps.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// waitReady waits until sp is ready: an http service answers GET /readyz with 200; any other
// has kept running for opts.Settle. It fails when sp exits first or the wait runs out.
func (sup *supervisor) waitReady(ctx context.Context, sp *svcProc, port int, opts DevOptions) error {
	deadline := time.Now().Add(opts.ReadyWait)
	settled := time.Now().Add(opts.Settle)
	for {
		select {
		case <-sp.done:
			return fmt.Errorf("%w: %s exited with code %d during start-up; see %s", ErrServiceStopped, sp.svc.Name, sp.code, sup.p.rel(filepath.Join(sup.p.logDir(), sp.svc.Name+".log")))
		case <-ctx.Done():
			return nil
		default:
		}
		if sp.svc.Kind == KindHTTP {
			if httpOK(ctx, "http://127.0.0.1:"+strconv.Itoa(port)+"/readyz") {
				return nil
			}
		} else if time.Now().After(settled) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s was not ready within %s; see %s", sp.svc.Name, opts.ReadyWait, sup.p.rel(filepath.Join(sup.p.logDir(), sp.svc.Name+".log")))
		}
		select {
		case <-sp.done:
		case <-ctx.Done():
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// httpOK reports whether GET u answers 200.
func httpOK(ctx context.Context, u string) bool {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
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

// stopAll sends SIGTERM to every running service's process group at once and waits for each
// up to grace, then kills what is left.
func (sup *supervisor) stopAll(grace time.Duration) {
	sup.once.Do(func() {
		for _, sp := range sup.procs {
			select {
			case <-sp.done:
			default:
				_ = syscall.Kill(-sp.cmd.Process.Pid, syscall.SIGTERM)
			}
		}
		deadline := time.After(grace)
		for _, sp := range sup.procs {
			select {
			case <-sp.done:
			case <-deadline:
				fmt.Fprintf(sup.out, "[%s] did not stop within %s of SIGTERM; killing it\n", sp.svc.Name, grace)
				_ = syscall.Kill(-sp.cmd.Process.Pid, syscall.SIGKILL)
				<-sp.done
			}
		}
	})
}

// prefixColors are the ANSI colours of the services' prefixes, in start order; the
// dependencies' are grey.
var prefixColors = []string{"34", "35", "32", "33", "36"}

// prefix returns "[name] ", coloured when the platform's output is a terminal: the i-th
// service's colour, grey for i < 0.
func (p *Platform) prefix(name string, i int) string {
	if !p.cfg.Color {
		return "[" + name + "] "
	}
	color := "90"
	if i >= 0 {
		color = prefixColors[i%len(prefixColors)]
	}
	return "\x1b[" + color + "m[" + name + "]\x1b[0m "
}

// lockedWriter serialises whole lines from several goroutines onto one writer.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// Write implements io.Writer.
func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// prefixWriter writes each complete line to term with prefix and to log as it is.
type prefixWriter struct {
	mu     sync.Mutex
	prefix string
	term   io.Writer
	log    io.Writer
	buf    []byte
}

// Write implements io.Writer.
func (w *prefixWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, b...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			break
		}
		w.emit(w.buf[:i])
		w.buf = w.buf[i+1:]
	}
	return len(b), nil
}

func (w *prefixWriter) emit(line []byte) {
	_, _ = w.log.Write(append(append([]byte{}, line...), '\n'))
	_, _ = w.term.Write([]byte(w.prefix + string(line) + "\n"))
}

// flush writes a last line that had no newline.
func (w *prefixWriter) flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf) > 0 {
		w.emit(w.buf)
		w.buf = nil
	}
}

// followDependencyLogs shows what the dependencies append to their logs, prefixed with their
// names, until ctx ends: they run on their own (Up), but make dev shows everything.
func (p *Platform) followDependencyLogs(ctx context.Context, out io.Writer) {
	names := []string{"postgres"}
	for _, s := range StandIns {
		names = append(names, s.Name)
	}
	for _, name := range names {
		path := filepath.Join(p.logDir(), name+".log")
		f, err := os.Open(path)
		if err != nil {
			continue // not started by us (an external DATABASE_URL, say)
		}
		if _, err := f.Seek(0, io.SeekEnd); err != nil {
			_ = f.Close()
			continue
		}
		pw := &prefixWriter{prefix: p.prefix(name, -1), term: out, log: io.Discard}
		go func() {
			defer func() { _ = f.Close() }()
			buf := make([]byte, 32*1024)
			for {
				n, _ := f.Read(buf)
				if n > 0 {
					_, _ = pw.Write(buf[:n])
					continue
				}
				select {
				case <-ctx.Done():
					return
				case <-time.After(250 * time.Millisecond):
				}
			}
		}()
	}
}

// DevStatus writes what make dev runs where: itself, the services, the dependencies and the
// local cloud resources.
func (p *Platform) DevStatus(ctx context.Context, w io.Writer, services []Service, getenv func(string) string) {
	if pr, ok := p.DevRunning(); ok {
		fmt.Fprintf(w, "make dev: running (pid %d)\n", pr.PID)
	} else {
		fmt.Fprintln(w, "make dev: not running")
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SERVICE\tSTATE\tENDPOINT")
	for _, s := range services {
		state := "stopped"
		if pr, ok := runningFromPidFile(p.svcPidFile(s.Name)); ok {
			state = fmt.Sprintf("running (pid %d)", pr.PID)
		}
		endpoint := "log: " + p.rel(filepath.Join(p.logDir(), s.Name+".log"))
		if s.Kind == KindHTTP {
			if port, err := servicePort(s, getenv); err == nil {
				endpoint = fmt.Sprintf("http://127.0.0.1:%d/ (%s)", port, endpoint)
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Name, state, endpoint)
	}
	_ = tw.Flush()
	fmt.Fprintln(w)
	p.Status(ctx, w)
	if e, err := p.ReadEnv(); err == nil {
		fmt.Fprintf(w, "\nLocal settings (%s):\n", p.rel(p.EnvFile()))
		for _, v := range e.Vars {
			fmt.Fprintf(w, "  %s=%s\n", v.Key, v.Value)
		}
	}
}

// Reset wipes local state (database, logs, binaries, env file); the next make dev starts
// fresh. It refuses while make dev runs.
func (p *Platform) Reset(ctx context.Context) error {
	if pr, ok := p.DevRunning(); ok {
		return fmt.Errorf("make dev runs (pid %d); stop it with Ctrl-C first", pr.PID)
	}
	if err := p.Clean(ctx); err != nil {
		return err
	}
	for _, path := range []string{p.binDir(), filepath.Join(p.cfg.Local, "fixtures.out"), p.logDir(), p.runDir()} {
		if err := os.RemoveAll(path); err != nil {
			return fmt.Errorf("remove %s: %w", path, err)
		}
	}
	p.devf("local state wiped (database, logs, binaries); installed node packages are kept")
	return nil
}
