package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
	"github.com/tsumiki-dev/tsumiki/tools/internal/localplatform"
)

// usage lists the subcommands.
const usage = "usage: local up|down|status|clean|npm|dev|dev-status|reset|doctor|exec|fakes3 (see `make help`)"

// area names what a subcommand is part of, for the prefix of its error messages.
func area(args []string) string {
	if len(args) > 0 && strings.HasPrefix(args[0], "dev") || len(args) > 0 && args[0] == "reset" {
		return "dev"
	}
	if len(args) > 0 && args[0] == "doctor" {
		return "doctor"
	}
	return "deps"
}

// execve replaces this process with another; tests swap it.
var execve = syscall.Exec

// portVars are the dependencies' port variables, set by make from mk/common.mk.
var portVars = []string{"PG_PORT", "SQS_PORT", "SES_PORT", "DYNAMODB_PORT", "S3_PORT"}

// run dispatches args[0].
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return cli.ExitError{Code: 2}
	}
	if args[0] == "fakes3" {
		fs := flag.NewFlagSet("fakes3", flag.ContinueOnError)
		fs.SetOutput(stderr)
		addr := fs.String("addr", "127.0.0.1:0", "`host:port` to listen on")
		if err := fs.Parse(args[1:]); err != nil {
			return fmt.Errorf("parse arguments: %w", err)
		}
		if fs.NArg() > 0 {
			return fmt.Errorf("unexpected arguments %q; usage: local fakes3 [-addr host:port]", fs.Args())
		}
		return localplatform.ServeS3(ctx, *addr, stdout, nil)
	}
	// exec needs only .local/env; everything else works with the ports.
	cfg, err := config(getenv, stdout, stderr, args[0] != "exec")
	if err != nil {
		return err
	}
	p := localplatform.New(cfg)
	switch args[0] {
	case "up":
		return p.Up(ctx)
	case "down":
		return p.Down(ctx)
	case "clean":
		return p.Clean(ctx)
	case "status":
		p.Status(ctx, stdout)
		return nil
	case "npm":
		return p.EnsureNpm(ctx)
	case "doctor":
		checks := p.AllChecks()
		scope := "everything"
		if len(args) > 1 && args[1] == "-deps" {
			checks, scope = p.PlatformChecks(), "deps/up"
		}
		fmt.Fprintf(stdout, "Checking prerequisites (%s):\n", scope)
		if err := localplatform.ReportChecks(stdout, checks); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "All prerequisites are present.")
		return nil
	case "dev":
		fs := flag.NewFlagSet("dev", flag.ContinueOnError)
		fs.SetOutput(stderr)
		migrate := fs.String("migrate", "", "space-separated services to migrate, in order (make's MIGRATE_SERVICES)")
		if err := fs.Parse(args[1:]); err != nil {
			return fmt.Errorf("parse arguments: %w", err)
		}
		services, err := loadServices(cfg.Root)
		if err != nil {
			return err
		}
		// A make that dies of a signal does not pass it on: its end must stop make dev too.
		// (Linux: the parent's death delivers SIGTERM, which the signal context catches.)
		if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_PDEATHSIG, uintptr(syscall.SIGTERM), 0); errno != 0 {
			return fmt.Errorf("prctl PR_SET_PDEATHSIG: %w", errno)
		}
		return p.Dev(ctx, localplatform.DevOptions{Services: services, Migrate: strings.Fields(*migrate), Getenv: getenv})
	case "dev-status":
		services, err := loadServices(cfg.Root)
		if err != nil {
			return err
		}
		p.DevStatus(ctx, stdout, services, getenv)
		return nil
	case "reset":
		return p.Reset(ctx)
	case "exec":
		return runExec(p, cfg.Root, args[1:], getenv)
	}
	fmt.Fprintf(stderr, "unknown subcommand %q; %s\n", args[0], usage)
	return cli.ExitError{Code: 2}
}

// config reads the platform's configuration from the environment make passes; the ports must
// be set when needPorts.
func config(getenv func(string) string, stdout, stderr io.Writer, needPorts bool) (localplatform.Config, error) {
	root := getenv("ROOT")
	if root == "" {
		var err error
		if root, err = cli.FindRoot("set ROOT"); err != nil {
			return localplatform.Config{}, err
		}
	}
	ports := make([]int, len(portVars))
	var errs []error
	for i, name := range portVars {
		n, err := strconv.Atoi(getenv(name))
		if needPorts && (err != nil || n <= 0 || n > 65535) {
			errs = append(errs, fmt.Errorf("%s must be a TCP port number, got %q (make passes mk/common.mk's ports)", name, getenv(name)))
		}
		ports[i] = n
	}
	if err := errors.Join(errs...); err != nil {
		return localplatform.Config{}, err
	}
	services, err := loadServices(root)
	if err != nil {
		return localplatform.Config{}, err
	}
	self, err := os.Executable()
	if err != nil {
		return localplatform.Config{}, fmt.Errorf("find this binary: %w", err)
	}
	return localplatform.Config{
		Root:                root,
		Local:               getenv("LOCAL"),
		Ports:               localplatform.Ports{Postgres: ports[0], SQS: ports[1], SES: ports[2], DynamoDB: ports[3], S3: ports[4]},
		Lambdas:             lambdaNames(services),
		ExternalDatabaseURL: getenv("DATABASE_URL"),
		Self:                []string{self, "fakes3"},
		Out:                 stdout,
		Err:                 stderr,
		Color:               getenv("NO_COLOR") == "" && isTerminal(stdout),
	}, nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// runExec replaces this process with args (after an optional "--"), its environment this
// one's plus .local/env's variables it does not set. A binary that is an http service's command
// also gets HTTP_ADDR=127.0.0.1:<its port> unless HTTP_ADDR is set. A stale or missing
// .local/env is an error, never used.
func runExec(p *localplatform.Platform, root string, args []string, getenv func(string) string) error {
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		return errors.New("usage: local exec -- CMD [ARG...]")
	}
	envFile, err := p.FreshEnv()
	if err != nil {
		return err
	}
	env := envFile.Environ(os.Environ())
	if getenv("HTTP_ADDR") == "" {
		services, err := loadServices(root)
		if err != nil {
			return err
		}
		for _, s := range services {
			if s.Kind == localplatform.KindHTTP && s.Command == filepath.Base(args[0]) {
				if port := getenv(s.PortEnv); port != "" {
					env = append(env, "HTTP_ADDR=127.0.0.1:"+port)
				}
			}
		}
	}
	path, err := exec.LookPath(args[0])
	if err != nil {
		return fmt.Errorf("find %s: %w", args[0], err)
	}
	if err := execve(path, args, env); err != nil {
		return fmt.Errorf("exec %s: %w", path, err)
	}
	return nil
}
