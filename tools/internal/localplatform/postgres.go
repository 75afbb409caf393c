package localplatform

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// FindPGBin returns the directory holding initdb, pg_ctl and postgres: the one on PATH first,
// else the newest /usr/lib/postgresql/<version>/bin.
func FindPGBin() (string, error) {
	has := func(d string) bool {
		for _, b := range []string{"initdb", "pg_ctl", "postgres"} {
			if fi, err := os.Stat(filepath.Join(d, b)); err != nil || fi.Mode()&0o111 == 0 {
				return false
			}
		}
		return true
	}
	if path, err := exec.LookPath("pg_ctl"); err == nil {
		if real, err := filepath.EvalSymlinks(path); err == nil && has(filepath.Dir(real)) {
			return filepath.Dir(real), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return pgMajor(dirs[i]) > pgMajor(dirs[j]) })
	for _, d := range dirs {
		if has(d) {
			return d, nil
		}
	}
	return "", errors.New("PostgreSQL server binaries (initdb, pg_ctl, postgres) not found: apt-get install postgresql (Debian), or set DATABASE_URL to a server you run yourself")
}

// pgMajor returns the version number in /usr/lib/postgresql/<version>/bin.
func pgMajor(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

func isRoot() bool { return os.Geteuid() == 0 }

// pgCommand runs a PostgreSQL binary as the cluster's owner: the postgres user when we are
// root (initdb and postgres refuse root), else ourselves. Its own session keeps the server out
// of reach of a terminal's Ctrl-C.
func pgCommand(ctx context.Context, bin string, args ...string) *exec.Cmd {
	var cmd *exec.Cmd
	if isRoot() {
		cmd = exec.CommandContext(ctx, "runuser", append([]string{"-u", "postgres", "--", bin}, args...)...)
		cmd.Dir = "/" // the postgres user may not be allowed into the working directory
	} else {
		cmd = exec.CommandContext(ctx, bin, args...)
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	return cmd
}

// pgBase returns the cluster's directory: .local/pg normally; a directory under /tmp named
// after the state directory when running as root and the postgres user cannot enter .local, or when
// the socket path would be too long. The choice is remembered in run/pg_base.
func (p *Platform) pgBase() string {
	remembered := filepath.Join(p.runDir(), "pg_base")
	if raw, err := os.ReadFile(remembered); err == nil && strings.TrimSpace(string(raw)) != "" {
		return strings.TrimSpace(string(raw))
	}
	base := filepath.Join(p.cfg.Local, "pg")
	if len(base)+20 > 100 || (isRoot() && !postgresCanEnter(p.cfg.Local)) {
		sum := sha256.Sum256([]byte(p.cfg.Local))
		base = "/tmp/tsumiki-pg-" + hex.EncodeToString(sum[:])[:12]
		p.logf("PostgreSQL data goes to %s (the postgres user cannot use %s here)", base, p.rel(filepath.Join(p.cfg.Local, "pg")))
	}
	_ = os.MkdirAll(p.runDir(), 0o755)
	_ = os.WriteFile(remembered, []byte(base+"\n"), 0o644)
	return base
}

// postgresCanEnter reports whether the postgres user can reach dir.
func postgresCanEnter(dir string) bool {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false
	}
	return exec.Command("runuser", "-u", "postgres", "--", "test", "-x", dir).Run() == nil
}

// pgLog returns the server's log file: logs/postgres.log, or a file beside a cluster outside
// .local that logs/postgres.log links to (the postgres user cannot write into .local then).
func (p *Platform) pgLog(base string) string {
	inLocal := filepath.Join(p.logDir(), "postgres.log")
	if base == filepath.Join(p.cfg.Local, "pg") {
		return inLocal
	}
	log := filepath.Join(base, "postgres.log")
	_ = os.MkdirAll(p.logDir(), 0o755)
	if target, err := os.Readlink(inLocal); err != nil || target != log {
		_ = os.Remove(inLocal)
		_ = os.Symlink(log, inLocal)
	}
	return log
}

// pgRunning reports whether the local cluster runs, with its postmaster's identity.
func (p *Platform) pgRunning(ctx context.Context) (Proc, bool) {
	bin, err := FindPGBin()
	if err != nil {
		return Proc{}, false
	}
	data := filepath.Join(p.pgBase(), "data")
	if _, err := os.Stat(filepath.Join(data, "PG_VERSION")); err != nil {
		return Proc{}, false
	}
	if pgCommand(ctx, filepath.Join(bin, "pg_ctl"), "status", "-D", data).Run() != nil {
		return Proc{}, false
	}
	raw, err := readAsOwner(filepath.Join(data, "postmaster.pid"))
	if err != nil {
		return Proc{}, true
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(strings.SplitN(raw, "\n", 2)[0]))
	pr, err := procOf(pid)
	if err != nil {
		return Proc{}, true
	}
	return pr, true
}

// readAsOwner reads a file of the cluster's, which only its owner may read.
func readAsOwner(path string) (string, error) {
	if !isRoot() {
		raw, err := os.ReadFile(path)
		return string(raw), err
	}
	out, err := exec.Command("runuser", "-u", "postgres", "--", "cat", path).Output()
	return string(out), err
}

// pgUp starts the local cluster unless it runs, creating it and the database the first time.
// It reports whether it started it.
func (p *Platform) pgUp(ctx context.Context) (bool, error) {
	if _, ok := p.pgRunning(ctx); ok {
		return false, p.pgCreateDatabase(ctx)
	}
	bin, err := FindPGBin()
	if err != nil {
		return false, err
	}
	base := p.pgBase()
	log := p.pgLog(base)
	data := filepath.Join(base, "data")
	if err := os.MkdirAll(base, 0o700); err != nil {
		return false, fmt.Errorf("create postgres directory: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(log), 0o755); err != nil {
		return false, fmt.Errorf("create log directory: %w", err)
	}
	f, err := os.OpenFile(log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return false, fmt.Errorf("open postgres log: %w", err)
	}
	_ = f.Close()
	if isRoot() {
		if err := chownPostgres(base, log); err != nil {
			return false, err
		}
	}
	_ = os.Chmod(base, 0o700)
	if _, err := os.Stat(filepath.Join(data, "PG_VERSION")); err != nil {
		p.logf("initdb %s", data)
		cmd := pgCommand(ctx, filepath.Join(bin, "initdb"), "-D", data, "-U", PGUser, "--auth=trust", "-E", "UTF8", "--no-locale")
		if out, err := cmd.CombinedOutput(); err != nil {
			return false, fmt.Errorf("initdb %s: %w\n%s", data, err, out)
		}
	}
	sock := filepath.Join(base, "sock")
	if out, err := pgCommand(ctx, "mkdir", "-p", sock).CombinedOutput(); err != nil {
		return false, fmt.Errorf("create %s: %w\n%s", sock, err, out)
	}
	// Throwaway data: no fsync. Never use these settings for data you keep.
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off", p.cfg.Ports.Postgres, sock)
	start := pgCommand(ctx, filepath.Join(bin, "pg_ctl"), "start", "-D", data, "-l", log, "-w", "-t", strconv.Itoa(int(p.cfg.Wait.Seconds())), "-o", opts)
	if out, err := start.CombinedOutput(); err != nil {
		return false, fmt.Errorf("PostgreSQL did not start: %w\n%s%s\nfull log: %s", err, out, tail(log, 20), log)
	}
	if pr, ok := p.pgRunning(ctx); ok && pr.PID > 0 {
		_ = writePidFile(filepath.Join(p.runDir(), "postgres.pid"), pr)
	}
	return true, p.pgCreateDatabase(ctx)
}

// chownPostgres gives paths to the postgres user.
func chownPostgres(paths ...string) error {
	u, err := user.Lookup("postgres")
	if err != nil {
		return fmt.Errorf("running as root needs the postgres system user (initdb refuses root): %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	for _, path := range paths {
		if err := os.Chown(path, uid, gid); err != nil {
			return fmt.Errorf("chown %s: %w", path, err)
		}
	}
	return nil
}

// pgCreateDatabase creates PGDatabase unless it exists, with psql (the client binaries sit
// next to the server's).
func (p *Platform) pgCreateDatabase(ctx context.Context) error {
	admin := "postgres://" + PGUser + "@127.0.0.1:" + strconv.Itoa(p.cfg.Ports.Postgres) + "/postgres?sslmode=disable"
	psql, err := pgClient("psql")
	if err != nil {
		return err
	}
	var lastErr error
	deadline := time.Now().Add(p.cfg.Wait)
	for time.Now().Before(deadline) {
		out, err := exec.CommandContext(ctx, psql, "-X", "-d", admin, "-tAc", "SELECT 1 FROM pg_database WHERE datname = '"+PGDatabase+"'").CombinedOutput()
		if err == nil && strings.TrimSpace(string(out)) == "1" {
			return nil
		}
		if err == nil {
			if out, err := exec.CommandContext(ctx, psql, "-X", "-q", "-d", admin, "-c", "CREATE DATABASE "+PGDatabase).CombinedOutput(); err != nil {
				return fmt.Errorf("create database %s: %w\n%s", PGDatabase, err, out)
			}
			return nil
		}
		lastErr = fmt.Errorf("%w: %s", err, strings.TrimSpace(string(out)))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return fmt.Errorf("PostgreSQL on 127.0.0.1:%d: %w", p.cfg.Ports.Postgres, lastErr)
}

// pgClient returns the path of a PostgreSQL client binary: next to the server's, else on PATH.
func pgClient(name string) (string, error) {
	if dir, err := FindPGBin(); err == nil {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return filepath.Join(dir, name), nil
		}
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s not found: apt-get install postgresql-client: %w", name, err)
	}
	return path, nil
}

// pgDown stops the local cluster if it runs; it reports whether it did.
func (p *Platform) pgDown(ctx context.Context) (bool, error) {
	defer func() { _ = os.Remove(filepath.Join(p.runDir(), "postgres.pid")) }()
	if _, ok := p.pgRunning(ctx); !ok {
		return false, nil
	}
	bin, err := FindPGBin()
	if err != nil {
		return false, err
	}
	cmd := pgCommand(ctx, filepath.Join(bin, "pg_ctl"), "stop", "-D", filepath.Join(p.pgBase(), "data"), "-m", "fast", "-w")
	if out, err := cmd.CombinedOutput(); err != nil {
		return false, fmt.Errorf("pg_ctl stop: %w\n%s", err, out)
	}
	return true, nil
}

// pgPing reports whether url answers (pg_isready).
func pgPing(ctx context.Context, url string) error {
	isready, err := pgClient("pg_isready")
	if err != nil {
		return err
	}
	if out, err := exec.CommandContext(ctx, isready, "-d", url, "-t", "3").CombinedOutput(); err != nil {
		return fmt.Errorf("pg_isready: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// tail returns the last n lines of file.
func tail(file string, n int) string {
	raw, err := os.ReadFile(file)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n") + "\n"
}
