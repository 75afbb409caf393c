// Package localplatform runs Tsumiki's local platform: PostgreSQL from the machine's own
// binaries and the local AWS stand-ins (local-aws-sqs, aws-ses-v2-local and dynalite under
// node, gofakes3 in this binary), the cloud resources the services need on them (named by
// tools/internal/localcloud as terraform names them), the one env file .local/env that every
// make target, service and test reads, and `make dev`'s supervisor of the services.
//
// tools/cmd/local is its command line; mk/deps.mk and mk/dev.mk call it.
//
// # Layout under .local/ (git-ignored)
//
//	env              the one env file: KEY=value lines, plus a comment naming the stand-ins'
//	                 processes it describes (Instance), so a file that outlived them is caught
//	run/<name>.pid   pid (first line) and start time of each background process
//	run/dev.pid      the running make dev; run/svc-<name>.pid each service it runs
//	logs/<name>.log  the output of each process
//	pg/              PostgreSQL's data (pg/data) and socket (pg/sock)
//	bin/             the service binaries make dev runs, and this command itself
//
// # Errors
//
// Up fails, having started nothing, when a port is taken ("port N (name) is taken by another
// process"); it names the log file of a process that does not become healthy. Exec fails when
// .local/env is missing or stale (ErrStaleEnv). Dev returns an error when a service stops on
// its own: nothing is ever restarted silently.
package localplatform

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"time"
)

const (
	// PGUser is the local cluster's superuser, trusted on 127.0.0.1.
	PGUser = "tsumiki"
	// PGDatabase is the database the services use.
	PGDatabase = "tsumiki"
	// Region is the AWS region of the local platform.
	Region = "ap-northeast-1"
	// MailSenders is the sender identity the local services send from (MAIL_SENDERS): written
	// once, into .local/env.
	MailSenders = "no-reply@tsumiki.dev"
)

// Ports are the fixed 127.0.0.1 ports of the local dependencies (mk/common.mk's PG_PORT, ...).
type Ports struct {
	Postgres, SQS, SES, DynamoDB, S3 int
}

// Config says where the platform lives and how to reach it.
type Config struct {
	// Root is the repository's root directory.
	Root string
	// Local is the state directory, normally Root/.local.
	Local string
	// Ports are the dependencies' ports.
	Ports Ports
	// Lambdas are the SQS-fed Lambda services (kind lambda in services/*/service.yaml): Up
	// creates a queue and a dead-letter queue for each and writes their URLs into .local/env
	// (QueueURLVar, DLQURLVar). The mailer's queue, the mail queue, is created in any case.
	Lambdas []string
	// ExternalDatabaseURL is a DATABASE_URL of the developer's own server; empty runs the
	// local cluster.
	ExternalDatabaseURL string
	// Self is the command line that serves the S3 stand-in in the foreground with
	// "-addr host:port" appended: this binary's own `fakes3` subcommand.
	Self []string
	// Wait bounds how long each process may take to become healthy. Zero means 60 s.
	Wait time.Duration
	// Out receives progress lines ("deps: ..."); Err receives warnings.
	Out, Err io.Writer
	// Color colours make dev's [name] prefixes (a terminal without NO_COLOR).
	Color bool
}

// Platform is the local platform of one checkout.
type Platform struct {
	cfg Config
}

// New returns the platform cfg describes.
func New(cfg Config) *Platform {
	if cfg.Local == "" {
		cfg.Local = filepath.Join(cfg.Root, ".local")
	}
	if cfg.Wait == 0 {
		cfg.Wait = 60 * time.Second
	}
	if cfg.Out == nil {
		cfg.Out = io.Discard
	}
	if cfg.Err == nil {
		cfg.Err = io.Discard
	}
	return &Platform{cfg: cfg}
}

// EnvFile is the path of .local/env.
func (p *Platform) EnvFile() string { return filepath.Join(p.cfg.Local, "env") }

func (p *Platform) runDir() string { return filepath.Join(p.cfg.Local, "run") }
func (p *Platform) logDir() string { return filepath.Join(p.cfg.Local, "logs") }
func (p *Platform) binDir() string { return filepath.Join(p.cfg.Local, "bin") }
func (p *Platform) logf(format string, a ...any) {
	fmt.Fprintf(p.cfg.Out, "deps: "+format+"\n", a...)
}

// rel returns path relative to the repository root, for messages.
func (p *Platform) rel(path string) string {
	if r, err := filepath.Rel(p.cfg.Root, path); err == nil {
		return r
	}
	return path
}

// LocalDatabaseURL is the URL of the local cluster's database.
func (p *Platform) LocalDatabaseURL() string {
	return "postgres://" + PGUser + "@127.0.0.1:" + strconv.Itoa(p.cfg.Ports.Postgres) + "/" + PGDatabase + "?sslmode=disable"
}

// external reports whether DATABASE_URL names a server of the developer's own. The local
// cluster's own URL (a shell that loaded .local/env) does not count: that one is still ours.
func (p *Platform) external() bool {
	return p.cfg.ExternalDatabaseURL != "" && p.cfg.ExternalDatabaseURL != p.LocalDatabaseURL()
}

// DatabaseURL is the URL the services use.
func (p *Platform) DatabaseURL() string {
	if p.external() {
		return p.cfg.ExternalDatabaseURL
	}
	return p.LocalDatabaseURL()
}
