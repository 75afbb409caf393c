package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/tsumiki-dev/tsumiki/tools/deploy"
	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

// DefaultRegion is the region when AWS_REGION is not set (terraform/<env>/env region).
const DefaultRegion = "ap-northeast-1"

// actions are the valid STEP arguments: the steps, then all and rollback.
var actions = append(slices.Clone(deploy.Steps), "all", "rollback")

// readOnly are the actions that change nothing a commit decides, so prd allows them from a
// dirty tree: a rollback returns to what ran, check and wait only look.
var readOnly = []string{"check", "wait", "rollback"}

// connector fills the deployer's AWS clients and local commands.
type connector func(ctx context.Context, d *deploy.Deployer, log io.Writer) error

// run is the whole command: args without the program name.
func run(ctx context.Context, args []string, getenv func(string) string, log io.Writer, connect connector) error {
	fs := flag.NewFlagSet("deploy", flag.ContinueOnError)
	fs.SetOutput(log)
	root := fs.String("root", ".", "repository root")
	if err := fs.Parse(args); err != nil {
		return cli.Usagef("%w", err)
	}
	if fs.NArg() != 3 {
		return cli.Usagef("usage: deploy [-root DIR] STEP SERVICE ENV; STEP is one of: %s", strings.Join(actions, " "))
	}
	action, service, env := fs.Arg(0), fs.Arg(1), fs.Arg(2)
	if !slices.Contains(actions, action) {
		return cli.Usagef("unknown STEP '%s'; one of: %s", action, strings.Join(actions, " "))
	}
	services, err := svcdef.Load(*root)
	if err != nil {
		return err
	}
	if !slices.Contains(svcdef.Names(services), service) {
		return cli.Usagef("unknown SERVICE '%s'; one of: %s", service, strings.Join(svcdef.Names(services), " "))
	}
	if !slices.Contains(deploy.Environments, env) {
		return cli.Usagef("unknown ENV '%s'; one of: %s", env, strings.Join(deploy.Environments, " "))
	}
	names, err := deploy.Resolve(*root, service, env)
	if err != nil {
		return err
	}
	d := &deploy.Deployer{
		Names: names, Env: env, Root: *root,
		Region:     getenv("AWS_REGION"),
		PackageDir: filepath.Join(*root, "dist", "lambda", service),
		Log:        log,
		Poll:       15 * time.Second,
		Timeout:    30 * time.Minute,
		Sleep:      sleep,
		Open:       func(p string) (io.ReadCloser, error) { return os.Open(p) },
	}
	if d.Region == "" {
		d.Region = DefaultRegion
	}
	if names.Function == "" {
		if d.Platform, err = deploy.Platform(*root); err != nil {
			return err
		}
	}
	if action != "rollback" {
		if needsCleanTree(action, env) {
			dirty, err := git(ctx, *root, "status", "--porcelain")
			if err != nil {
				return err
			}
			if dirty != "" {
				return fmt.Errorf("prd deploys need a clean working tree (commit or discard your changes first)")
			}
		}
		if d.Tag = getenv("IMAGE_TAG"); d.Tag == "" {
			if d.Tag, err = git(ctx, *root, "rev-parse", "--short=12", "HEAD"); err != nil {
				return err
			}
		}
	}
	if err := connect(ctx, d, log); err != nil {
		return err
	}
	steps := map[string]func(context.Context) error{
		"check": d.Check, "build": d.Build, "push": d.Push, "migrate": d.Migrate,
		"rollout": d.Rollout, "wait": d.Wait, "all": d.Deploy, "rollback": d.Rollback,
	}
	return steps[action](ctx)
}

// needsCleanTree says whether action in env must run from a clean working tree: in prd, what
// runs is exactly a commit, for every action that publishes or changes something.
func needsCleanTree(action, env string) bool {
	return env == "prd" && !slices.Contains(readOnly, action)
}

// git runs git in root and returns its trimmed output.
func git(ctx context.Context, root string, args ...string) (string, error) {
	out, err := exec.CommandContext(ctx, "git", append([]string{"-C", root}, args...)...).Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// connect gives d the real AWS clients (the default credential chain) and local commands.
func connect(ctx context.Context, d *deploy.Deployer, log io.Writer) error {
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(d.Region))
	if err != nil {
		return fmt.Errorf("AWS configuration: %w", err)
	}
	d.ECS, d.ECR, d.Lambda = ecs.NewFromConfig(cfg), ecr.NewFromConfig(cfg), lambda.NewFromConfig(cfg)
	d.S3, d.STS = s3.NewFromConfig(cfg), sts.NewFromConfig(cfg)
	d.Cmd = commands{dir: d.Root, log: log}
	return nil
}

// commands runs local programs in dir with their output on log.
type commands struct {
	dir string
	log io.Writer
}

// Run runs name with args; stdin, when not nil, is its input.
func (c commands) Run(ctx context.Context, stdin io.Reader, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = c.dir, c.log, c.log
	if stdin != nil {
		cmd.Stdin = stdin
	} else {
		cmd.Stdin = bytes.NewReader(nil)
	}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w", name, args[0], err)
	}
	return nil
}
