package localplatform

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/tsumiki-dev/tsumiki/tools/internal/localcloud"
)

// lock serialises up, down and clean between concurrent runs in one checkout (make -j, two
// terminals). Waiting is bounded so a stuck holder shows up as an error, not a hang.
func (p *Platform) lock(ctx context.Context) (unlock func(), err error) {
	if err := os.MkdirAll(p.runDir(), 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", p.runDir(), err)
	}
	path := filepath.Join(p.runDir(), "deps.lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open lock: %w", err)
	}
	deadline := time.Now().Add(5 * time.Minute)
	for syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		if time.Now().After(deadline) {
			_ = f.Close()
			return nil, fmt.Errorf("another deps/up or deps/down in this checkout has held %s for 5 minutes; see `make deps/status`", p.rel(path))
		}
		select {
		case <-ctx.Done():
			_ = f.Close()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return func() { _ = f.Close() }, nil
}

// Up starts whatever of the platform is not running, creates the cloud resources on the
// stand-ins and writes .local/env. On a running platform it starts nothing and says so; a
// .local/env that no longer describes the running stand-ins is rewritten. Every port is checked
// before anything starts, so a conflict leaves nothing half up.
func (p *Platform) Up(ctx context.Context) error {
	unlock, err := p.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()

	running := map[string]Proc{}
	var conflicts []string
	missing := false
	if !p.external() {
		if _, ok := p.pgRunning(ctx); !ok {
			missing = true
			if portTaken(p.cfg.Ports.Postgres) {
				conflicts = append(conflicts, fmt.Sprintf("port %d (postgres) is taken by another process; choose another with PG_PORT=NNNNN", p.cfg.Ports.Postgres))
			}
		}
	}
	for _, s := range StandIns {
		if pr, ok := runningFromPidFile(p.pidFile(s.Name)); ok {
			running[s.Name] = pr
			continue
		}
		missing = true
		if portTaken(p.port(s)) {
			conflicts = append(conflicts, fmt.Sprintf("port %d (%s) is taken by another process; choose another with %s=NNNNN", p.port(s), s.Name, s.PortVar))
		}
	}
	// The prerequisites matter only for what has to start (a running platform needs none).
	if missing {
		if err := p.checkPrerequisites(); err != nil {
			return err
		}
	}
	if len(conflicts) > 0 {
		return fmt.Errorf("%s\nstop those processes, or pass other ports (make deps/up PG_PORT=55433 ...); nothing was started", strings.Join(conflicts, "\n"))
	}
	if p.external() {
		if err := pgPing(ctx, p.cfg.ExternalDatabaseURL); err != nil {
			return fmt.Errorf("DATABASE_URL is set but that server does not answer (%w); unset it to use the local PostgreSQL", err)
		}
	}

	if err := p.EnsureNpm(ctx); err != nil {
		return err
	}
	instance := map[string]Proc{}
	for _, s := range StandIns {
		if pr, ok := running[s.Name]; ok {
			instance[s.Name] = pr
			continue
		}
		pr, err := startDaemon(p.argv(s), append(os.Environ(), "AWS_REGION="+Region), p.cfg.Root, filepath.Join(p.logDir(), s.Name+".log"))
		if err != nil {
			return fmt.Errorf("start %s: %w", s.Name, err)
		}
		if err := writePidFile(p.pidFile(s.Name), pr); err != nil {
			return err
		}
		instance[s.Name] = pr
	}
	// PostgreSQL starts while the stand-ins come up; all are awaited below.
	var started []string
	for _, s := range StandIns {
		if _, ok := running[s.Name]; !ok {
			started = append(started, s.Name)
		}
	}
	if !p.external() {
		ok, err := p.pgUp(ctx)
		if err != nil {
			return err
		}
		if ok {
			started = append([]string{"postgres"}, started...)
		}
	}
	errs := make([]error, len(StandIns))
	var wg sync.WaitGroup
	for i, s := range StandIns {
		wg.Go(func() { errs[i] = p.waitHealthy(ctx, s, instance[s.Name]) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}

	old, oldErr := p.ReadEnv()
	out, err := p.ensureCloud(ctx)
	if err != nil {
		return err
	}
	fresh := EnvFile{Vars: p.envVars(out), Instance: instance}
	if err := p.writeEnv(fresh); err != nil {
		return err
	}
	stale := oldErr != nil || !old.Fresh()
	if len(started) > 0 || stale {
		for _, note := range out.Notes {
			p.logf("note: %s", note)
		}
	}
	switch {
	case len(started) > 0:
		p.logf("started %s; env written to %s", strings.Join(started, " "), p.rel(p.EnvFile()))
	case stale:
		p.logf("already up; %s was missing or stale: resources created again, env rewritten", p.rel(p.EnvFile()))
	default:
		p.logf("already up, nothing started (env: %s)", p.rel(p.EnvFile()))
	}
	return nil
}

// ensureCloud creates the cloud resources (localcloud: the names terraform gives env local),
// with a queue for each of the Lambda services.
func (p *Platform) ensureCloud(ctx context.Context) (localcloud.Outputs, error) {
	res, err := localcloud.Names("", "local", p.cfg.Lambdas...)
	if err != nil {
		return localcloud.Outputs{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, p.cfg.Wait)
	defer cancel()
	cfg := aws.Config{
		Region:      Region,
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", ""),
	}
	endpoint := map[string]string{}
	for _, s := range StandIns {
		endpoint[s.Name] = p.Endpoint(s)
	}
	out, err := localcloud.Ensure(ctx, localcloud.NewClients(cfg, localcloud.Endpoints{
		SQS: endpoint["sqs"], DynamoDB: endpoint["dynamodb"], S3: endpoint["s3"],
	}), res)
	if err != nil {
		return localcloud.Outputs{}, fmt.Errorf("create the local cloud resources: %w", err)
	}
	return out, nil
}

// Down stops everything Up started; .local/env goes with the stand-ins it described. The
// stand-ins stop in parallel; PostgreSQL's data is kept.
func (p *Platform) Down(ctx context.Context) error {
	unlock, err := p.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	return p.down(ctx)
}

func (p *Platform) down(ctx context.Context) error {
	var mu sync.Mutex
	var stopped []string
	var wg sync.WaitGroup
	for _, s := range StandIns {
		wg.Go(func() {
			pr, ok := runningFromPidFile(p.pidFile(s.Name))
			if ok {
				if stopProc(pr, 10*time.Second) {
					p.logf("%s (pid %d) did not stop within 10 s of SIGTERM; killed it", s.Name, pr.PID)
				}
				mu.Lock()
				stopped = append(stopped, s.Name)
				mu.Unlock()
			}
			_ = os.Remove(p.pidFile(s.Name))
		})
	}
	var pgErr error
	if !p.external() {
		wg.Go(func() {
			ok, err := p.pgDown(ctx)
			pgErr = err
			if ok {
				mu.Lock()
				stopped = append(stopped, "postgres")
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	_ = os.Remove(p.EnvFile())
	if len(stopped) == 0 {
		p.logf("nothing was running")
	} else {
		p.logf("stopped %s", strings.Join(sortedNames(stopped), " "))
	}
	return pgErr
}

// sortedNames orders names as the platform lists its components: postgres, then StandIns.
func sortedNames(names []string) []string {
	order := append([]string{"postgres"}, func() []string {
		var o []string
		for _, s := range StandIns {
			o = append(o, s.Name)
		}
		return o
	}()...)
	var out []string
	for _, n := range order {
		for _, m := range names {
			if m == n {
				out = append(out, n)
			}
		}
	}
	return out
}

// Clean stops the platform and deletes its data, logs and pid files.
func (p *Platform) Clean(ctx context.Context) error {
	unlock, err := p.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if err := p.down(ctx); err != nil {
		return err
	}
	base := p.pgBase()
	for _, dir := range []string{base, filepath.Join(p.cfg.Local, "pg"), p.logDir()} {
		if err := os.RemoveAll(dir); err != nil {
			return fmt.Errorf("remove %s: %w", dir, err)
		}
	}
	// The lock file lives in run/; remove the rest of it.
	entries, _ := os.ReadDir(p.runDir())
	for _, e := range entries {
		if e.Name() != "deps.lock" {
			_ = os.RemoveAll(filepath.Join(p.runDir(), e.Name()))
		}
	}
	p.logf("removed local data (PostgreSQL cluster, logs, pid files)")
	return nil
}

// Status writes one line per component: running or stopped, pid and endpoint. It reports
// whether everything runs.
func (p *Platform) Status(ctx context.Context, w io.Writer) bool {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "COMPONENT\tSTATE\tENDPOINT")
	running, total := 0, 1+len(StandIns)
	switch {
	case p.external():
		state := "external, answering"
		if pgPing(ctx, p.cfg.ExternalDatabaseURL) != nil {
			state = "external, NOT answering"
		} else {
			running++
		}
		fmt.Fprintf(tw, "postgres\t%s\t%s\n", state, "DATABASE_URL from the environment")
	default:
		state := "stopped"
		if pr, ok := p.pgRunning(ctx); ok {
			if pgPing(ctx, p.LocalDatabaseURL()) == nil {
				state = fmt.Sprintf("running (pid %d)", pr.PID)
				running++
			} else {
				state = "UNHEALTHY"
			}
		}
		fmt.Fprintf(tw, "postgres\t%s\t%s\n", state, p.LocalDatabaseURL())
	}
	for _, s := range StandIns {
		state := "stopped"
		if pr, ok := runningFromPidFile(p.pidFile(s.Name)); ok {
			if p.healthy(ctx, s) == nil {
				state = fmt.Sprintf("running (pid %d)", pr.PID)
				running++
			} else {
				state = "UNHEALTHY"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Name, state, p.Endpoint(s))
	}
	_ = tw.Flush()
	env := "none (make deps/up writes it)"
	if e, err := p.ReadEnv(); err == nil {
		env = p.rel(p.EnvFile())
		if !e.Fresh() {
			env += " (STALE: the stand-ins it describes are gone; make deps/up rewrites it)"
		}
	}
	fmt.Fprintf(w, "%d of %d running; env file: %s\n", running, total, env)
	return running == total
}
