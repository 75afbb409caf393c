package localplatform

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// StandIn is one local AWS stand-in. Each keeps its data in memory: when it stops, what was
// created on it is gone, and so is the truth of .local/env.
type StandIn struct {
	// Name is the stand-in's name: its log file, pid file and status line.
	Name string
	// PortVar is the make variable (and environment variable) that overrides its port.
	PortVar string
	// EndpointVar is the AWS SDK's endpoint variable that points clients at it.
	EndpointVar string
	// node is the script under tools/localaws that serves it, or empty for the S3 stand-in,
	// which this binary serves itself.
	node string
	// healthPath is the path an HTTP GET answers on; empty means a POST with healthTarget.
	healthPath string
	// healthTarget is the X-Amz-Target of an AWS JSON-protocol health request.
	healthTarget string
}

// StandIns are the local AWS stand-ins, in start order.
var StandIns = []StandIn{
	{Name: "sqs", PortVar: "SQS_PORT", EndpointVar: "AWS_ENDPOINT_URL_SQS", node: "sqs.js", healthTarget: "AmazonSQS.ListQueues"},
	{Name: "ses", PortVar: "SES_PORT", EndpointVar: "AWS_ENDPOINT_URL_SESV2", node: "ses.js", healthPath: "/health-check"},
	{Name: "dynamodb", PortVar: "DYNAMODB_PORT", EndpointVar: "AWS_ENDPOINT_URL_DYNAMODB", node: "dynamodb.js", healthTarget: "DynamoDB_20120810.ListTables"},
	{Name: "s3", PortVar: "S3_PORT", EndpointVar: "AWS_ENDPOINT_URL_S3", healthPath: "/"},
}

// port returns s's port.
func (p *Platform) port(s StandIn) int {
	switch s.Name {
	case "sqs":
		return p.cfg.Ports.SQS
	case "ses":
		return p.cfg.Ports.SES
	case "dynamodb":
		return p.cfg.Ports.DynamoDB
	default:
		return p.cfg.Ports.S3
	}
}

// Endpoint returns s's URL.
func (p *Platform) Endpoint(s StandIn) string {
	return "http://127.0.0.1:" + strconv.Itoa(p.port(s))
}

// argv is the command line that serves s in the foreground.
func (p *Platform) argv(s StandIn) []string {
	addr := "127.0.0.1:" + strconv.Itoa(p.port(s))
	if s.node == "" {
		return append(append([]string{}, p.cfg.Self...), "-addr", addr)
	}
	return []string{"node", filepath.Join(p.cfg.Root, "tools", "localaws", s.node), "--host", "127.0.0.1", "--port", strconv.Itoa(p.port(s))}
}

// healthy reports whether s answers like itself.
func (p *Platform) healthy(ctx context.Context, s StandIn) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	var req *http.Request
	var err error
	if s.healthPath != "" {
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, p.Endpoint(s)+s.healthPath, nil)
	} else {
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, p.Endpoint(s)+"/", strings.NewReader("{}"))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-amz-json-1.0")
			req.Header.Set("X-Amz-Target", s.healthTarget)
		}
	}
	if err != nil {
		return fmt.Errorf("build health request: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health check of %s: %w", s.Name, err)
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	_ = resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusOK:
		return nil
	// dynalite answers an unsigned request with MissingAuthenticationToken: it is up.
	case strings.Contains(string(body), "MissingAuthenticationToken"):
		return nil
	}
	return fmt.Errorf("health check of %s: status %d: %s", s.Name, resp.StatusCode, body)
}

// waitHealthy polls s until it answers, its process dies, or the wait runs out.
func (p *Platform) waitHealthy(ctx context.Context, s StandIn, pr Proc) error {
	log := filepath.Join(p.logDir(), s.Name+".log")
	deadline := time.Now().Add(p.cfg.Wait)
	for {
		err := p.healthy(ctx, s)
		if err == nil {
			return nil
		}
		if !pr.Alive() {
			return fmt.Errorf("%s exited during start-up:\n%sfull log: %s", s.Name, tail(log, 20), p.rel(log))
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not become healthy within %s (%w):\n%sfull log: %s", s.Name, p.cfg.Wait, err, tail(log, 20), p.rel(log))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// pidFile is where s's process is recorded.
func (p *Platform) pidFile(name string) string { return filepath.Join(p.runDir(), name+".pid") }

// EnsureNpm installs the pinned node packages with `npm ci`, unless package-lock.json has not
// changed since the last install (a stamp in node_modules records its checksum).
// Concurrent callers (two checkouts' state directories, parallel tests) wait for each other:
// the lock file itself is locked while npm ci runs.
func (p *Platform) EnsureNpm(ctx context.Context) error {
	lockFile, err := os.Open(filepath.Join(p.cfg.Root, "package-lock.json"))
	if err != nil {
		return fmt.Errorf("open package-lock.json: %w", err)
	}
	defer func() { _ = lockFile.Close() }() // read-only; closing releases the lock
	if err := syscall.Flock(int(lockFile.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("lock package-lock.json: %w", err)
	}
	lock, err := io.ReadAll(lockFile)
	if err != nil {
		return fmt.Errorf("read package-lock.json: %w", err)
	}
	sum := sha256.Sum256(lock)
	want := hex.EncodeToString(sum[:])
	stamp := filepath.Join(p.cfg.Root, "node_modules", ".tsumiki-npm-stamp")
	if got, err := os.ReadFile(stamp); err == nil && strings.TrimSpace(string(got)) == want {
		return nil
	}
	p.logf("installing pinned node packages (npm ci)")
	if err := os.MkdirAll(p.logDir(), 0o755); err != nil {
		return fmt.Errorf("create log directory: %w", err)
	}
	logFile := filepath.Join(p.logDir(), "npm-ci.log")
	log, err := os.Create(logFile)
	if err != nil {
		return fmt.Errorf("create npm log: %w", err)
	}
	defer func() { _ = log.Close() }()
	cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = p.cfg.Root
	// The mermaid CLI's puppeteer must not download a browser: docs/lint uses Debian's chromium.
	cmd.Env = append(os.Environ(), "PUPPETEER_SKIP_DOWNLOAD=1")
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm ci: %w; see %s", err, p.rel(logFile))
	}
	if err := os.WriteFile(stamp, []byte(want+"\n"), 0o644); err != nil {
		return fmt.Errorf("write npm stamp: %w", err)
	}
	return nil
}
