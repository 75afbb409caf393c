package localplatform

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/tsumiki-dev/tsumiki/tools/internal/localcloud"
	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

// instancePrefix starts the comment line of .local/env that names the stand-ins' processes the
// file describes: "# instance: sqs=PID:START ses=... dynamodb=... s3=...".
const instancePrefix = "# instance: "

// ErrStaleEnv says .local/env describes stand-ins that no longer run (their in-memory queues,
// table and bucket are gone with them), or is missing.
var ErrStaleEnv = errors.New(".local/env is stale or missing: run `make deps/up`, which writes it afresh")

// Var is one KEY=value line of .local/env.
type Var struct {
	Key, Value string
}

// EnvFile is the content of .local/env: the variables, in order, and the instance they
// describe.
type EnvFile struct {
	// Vars are the variables in the order they are written.
	Vars []Var
	// Instance maps each stand-in's name to its process; empty when the file has no instance
	// line.
	Instance map[string]Proc
}

// Get returns the value of key, or "".
func (e EnvFile) Get(key string) string {
	for _, v := range e.Vars {
		if v.Key == key {
			return v.Value
		}
	}
	return ""
}

// Map returns the variables as a map.
func (e EnvFile) Map() map[string]string {
	m := make(map[string]string, len(e.Vars))
	for _, v := range e.Vars {
		m[v.Key] = v.Value
	}
	return m
}

// Fresh reports whether every stand-in the file names still runs as the same process.
func (e EnvFile) Fresh() bool {
	if len(e.Instance) != len(StandIns) {
		return false
	}
	for _, s := range StandIns {
		if !e.Instance[s.Name].Alive() {
			return false
		}
	}
	return true
}

// queueEnvPrefix begins the names of the variables holding a Lambda service's queue URLs:
// svcdef.EnvPrefix, except for the mailer, whose queue is the mail queue that libs/mailer
// reads as MAIL_QUEUE_URL in every service.
func queueEnvPrefix(service string) string {
	if service == localcloud.MailService {
		return "MAIL"
	}
	return svcdef.EnvPrefix(service)
}

// QueueURLVar is the variable of .local/env holding the URL of the queue that the Lambda
// service feeds on, e.g. BILLING_EVENTS_QUEUE_URL (what a scaffolded Lambda's run-local
// polls), and MAIL_QUEUE_URL for the mailer.
func QueueURLVar(service string) string { return queueEnvPrefix(service) + "_QUEUE_URL" }

// DLQURLVar is the variable of .local/env holding the URL of the Lambda service's dead-letter
// queue, e.g. BILLING_EVENTS_DLQ_URL, and MAIL_DLQ_URL for the mailer.
func DLQURLVar(service string) string { return queueEnvPrefix(service) + "_DLQ_URL" }

// envVars are the variables of .local/env: everything a service, make target or test needs on
// the local platform. The cloud names come from localcloud (the naming module's rules).
func (p *Platform) envVars(out localcloud.Outputs) []Var {
	vars := []Var{
		{"DATABASE_URL", p.DatabaseURL()},
		{"AWS_REGION", Region},
		{"AWS_ACCESS_KEY_ID", "local"},
		{"AWS_SECRET_ACCESS_KEY", "local"},
	}
	for _, s := range StandIns {
		vars = append(vars, Var{s.EndpointVar, p.Endpoint(s)})
	}
	vars = append(vars,
		Var{QueueURLVar(localcloud.MailService), out.MailQueueURL},
		Var{DLQURLVar(localcloud.MailService), out.MailDLQURL},
	)
	for _, q := range out.Queues {
		vars = append(vars, Var{QueueURLVar(q.Service), q.URL}, Var{DLQURLVar(q.Service), q.DLQURL})
	}
	return append(vars,
		Var{"MAIL_IDEMPOTENCY_TABLE", out.IdempotencyTable},
		// The local SES stand-in has no suppression API: the mailer keeps its suppression list
		// in the idempotency table instead (services/mailer/internal/suppression).
		Var{"MAIL_SUPPRESSION_TABLE", out.IdempotencyTable},
		Var{"EXPORT_BUCKET", out.ExportBucket},
		Var{"MAIL_SENDERS", MailSenders},
		// Local pacing: the mail runner polls every 2 s and services drain quickly on Ctrl-C.
		Var{"MAIL_LOCAL_WAIT", "2s"},
		Var{"SHUTDOWN_TIMEOUT", "10s"},
		Var{"SOFT_STOP_TIMEOUT", "5s"},
		Var{"LOG_LEVEL", "info"},
	)
}

// writeEnv writes .local/env atomically.
func (p *Platform) writeEnv(e EnvFile) error {
	var b strings.Builder
	b.WriteString("# The local platform's settings, written by `make deps/up` (tools/cmd/local); do not edit.\n")
	b.WriteString("# Valid only while the stand-ins below run: they keep queues, table and bucket in memory.\n")
	names := make([]string, 0, len(e.Instance))
	for name := range e.Instance {
		names = append(names, name)
	}
	sort.Strings(names)
	parts := make([]string, 0, len(names))
	for _, name := range names {
		parts = append(parts, name+"="+e.Instance[name].String())
	}
	b.WriteString(instancePrefix + strings.Join(parts, " ") + "\n")
	for _, v := range e.Vars {
		b.WriteString(v.Key + "=" + v.Value + "\n")
	}
	if err := os.MkdirAll(p.cfg.Local, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", p.cfg.Local, err)
	}
	tmp := p.EnvFile() + ".tmp"
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write env file: %w", err)
	}
	if err := os.Rename(tmp, p.EnvFile()); err != nil {
		return fmt.Errorf("write env file: %w", err)
	}
	return nil
}

// ReadEnv reads .local/env.
func (p *Platform) ReadEnv() (EnvFile, error) { return ParseEnvFile(p.EnvFile()) }

// ParseEnvFile reads an env file of KEY=value lines with its instance comment. Values are
// literal: no quotes, no expansion (as libs/kit/testenv and a shell's `.` read them here).
func ParseEnvFile(path string) (EnvFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return EnvFile{}, fmt.Errorf("open env file: %w", err)
	}
	defer func() { _ = f.Close() }() // read-only
	e := EnvFile{Instance: map[string]Proc{}}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, instancePrefix); ok {
			for _, part := range strings.Fields(rest) {
				name, proc, _ := strings.Cut(part, "=")
				pid, start, _ := strings.Cut(proc, ":")
				n, err := strconv.Atoi(pid)
				if err == nil {
					e.Instance[name] = Proc{PID: n, Start: start}
				}
			}
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || k == "" {
			return EnvFile{}, fmt.Errorf("%s:%d: want KEY=value, got %q", path, n, line)
		}
		e.Vars = append(e.Vars, Var{k, v})
	}
	if err := sc.Err(); err != nil {
		return EnvFile{}, fmt.Errorf("read %s: %w", path, err)
	}
	return e, nil
}

// FreshEnv returns .local/env if it describes the running stand-ins, else ErrStaleEnv.
func (p *Platform) FreshEnv() (EnvFile, error) {
	e, err := p.ReadEnv()
	if err != nil {
		return EnvFile{}, fmt.Errorf("%w (%w)", ErrStaleEnv, err)
	}
	if !e.Fresh() {
		return EnvFile{}, ErrStaleEnv
	}
	return e, nil
}

// Environ returns base (KEY=value entries, as os.Environ) with every variable of e added that
// base does not set already: the caller's own environment wins, so a developer can override
// any setting for one run.
func (e EnvFile) Environ(base []string) []string {
	have := map[string]bool{}
	for _, kv := range base {
		k, _, _ := strings.Cut(kv, "=")
		have[k] = true
	}
	out := append([]string{}, base...)
	for _, v := range e.Vars {
		if !have[v.Key] {
			out = append(out, v.Key+"="+v.Value)
		}
	}
	return out
}
