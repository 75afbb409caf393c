package localplatform

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Proc identifies one process: its pid and its start time (field 22 of /proc/PID/stat), so a
// pid reused by an unrelated process is never taken for ours.
type Proc struct {
	PID   int
	Start string
}

// String renders p as pid:start, the form the env file's instance line uses.
func (p Proc) String() string { return strconv.Itoa(p.PID) + ":" + p.Start }

// procOf returns the identity of the running process pid.
func procOf(pid int) (Proc, error) {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return Proc{}, fmt.Errorf("read stat of pid %d: %w", pid, err)
	}
	f := statFields(stat)
	if len(f) < 20 {
		return Proc{}, fmt.Errorf("read stat of pid %d: too few fields", pid)
	}
	return Proc{PID: pid, Start: f[19]}, nil
}

// statFields returns the fields of /proc/PID/stat after the command name: the state first.
func statFields(stat []byte) []string {
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(s[i+1:])
}

// Alive reports whether the same process still runs (and is not a zombie).
func (p Proc) Alive() bool {
	if p.PID <= 0 {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.PID))
	if err != nil {
		return false
	}
	f := statFields(stat)
	return len(f) > 19 && f[19] == p.Start && f[0] != "Z"
}

// writePidFile records p in path: the pid alone on the first line (what other tools read),
// the start time on the second.
func writePidFile(path string, p Proc) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(strconv.Itoa(p.PID)+"\n"+p.Start+"\n"), 0o644); err != nil {
		return fmt.Errorf("write pid file: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write pid file: %w", err)
	}
	return nil
}

// readPidFile returns the process recorded in path, or a zero Proc when there is none.
func readPidFile(path string) Proc {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Proc{}
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(lines[0]))
	if err != nil || len(lines) < 2 {
		return Proc{}
	}
	return Proc{PID: pid, Start: strings.TrimSpace(lines[1])}
}

// runningFromPidFile returns the process recorded in path if it still runs.
func runningFromPidFile(path string) (Proc, bool) {
	p := readPidFile(path)
	return p, p.Alive()
}

// startDaemon runs argv in its own session (so a terminal's Ctrl-C never reaches it), detached
// from this process's terminal, output appended to logFile. The child is reaped in the
// background while this process lives; afterwards init adopts it.
func startDaemon(argv []string, env []string, dir, logFile string) (Proc, error) {
	if err := os.MkdirAll(filepath.Dir(logFile), 0o755); err != nil {
		return Proc{}, fmt.Errorf("create log directory: %w", err)
	}
	log, err := os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return Proc{}, fmt.Errorf("open log: %w", err)
	}
	defer func() { _ = log.Close() }() // the child holds its own descriptor
	fmt.Fprintf(log, "\n=== %s starting %s\n", time.Now().UTC().Format(time.RFC3339), strings.Join(argv, " "))
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return Proc{}, fmt.Errorf("start %s: %w", argv[0], err)
	}
	go func() { _ = cmd.Wait() }() // reap; its status is read from the log and health checks
	p, err := procOf(cmd.Process.Pid)
	if err != nil {
		_ = cmd.Process.Kill()
		return Proc{}, err
	}
	return p, nil
}

// stopProc sends SIGTERM to p and waits up to grace for it to end, then sends SIGKILL. It
// reports whether it killed it.
func stopProc(p Proc, grace time.Duration) (killed bool) {
	if !p.Alive() {
		return false
	}
	_ = syscall.Kill(p.PID, syscall.SIGTERM)
	deadline := time.Now().Add(grace)
	for time.Now().Before(deadline) {
		if !p.Alive() {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = syscall.Kill(p.PID, syscall.SIGKILL)
	for range 100 {
		if !p.Alive() {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

// portTaken reports whether something already listens on 127.0.0.1:port (or holds it).
func portTaken(port int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return true
	}
	_ = l.Close()
	return false
}
