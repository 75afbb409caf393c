package tfcheck

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Runner runs terraform in one directory at a time. The zero value runs `terraform` from PATH
// in the process's environment, installs modules with `terraform get` and keeps terraform's
// working data in the directory's own .terraform/.
type Runner struct {
	// Terraform is the terraform binary. Default "terraform".
	Terraform string
	// Env is terraform's whole environment (KEY=value); nil means the process's environment.
	// The offline run sets TF_CLI_CONFIG_FILE to the dev_overrides config here.
	Env []string
	// DataDir, when set, holds one terraform data directory per checked directory
	// (TF_DATA_DIR=<DataDir>/<dir with slashes as underscores>), so the source tree stays
	// clean and a stack's own .terraform/ (backend, real providers) is left alone.
	DataDir string
	// Init installs with `terraform init -backend=false` (modules and the real providers from
	// the registry) instead of `terraform get` (modules only; the offline provider needs no
	// installation).
	Init bool
}

// InstallError is returned when `terraform get` or `terraform init` fails in a directory.
type InstallError struct {
	// Dir is the directory, as given.
	Dir string
	// Output is terraform's combined output.
	Output string
	// Err is the process error.
	Err error
}

// Error implements error.
func (e *InstallError) Error() string {
	return fmt.Sprintf("install modules in %s: %v\n%s", e.Dir, e.Err, strings.TrimSpace(e.Output))
}

// Unwrap returns the process error.
func (e *InstallError) Unwrap() error { return e.Err }

// output is what one terraform process wrote and how it ended.
type output struct {
	stdout, stderr []byte
	// exitCode is the process's exit status; -1 when it did not start.
	exitCode int
}

// install makes dir's modules available to validate, test and plan.
func (r Runner) install(ctx context.Context, dir string) error {
	args := []string{"get", "-no-color"}
	if r.Init {
		args = []string{"init", "-backend=false", "-input=false", "-no-color"}
	}
	out, err := r.terraform(ctx, dir, args...)
	if err != nil {
		return err
	}
	if out.exitCode != 0 {
		return &InstallError{Dir: dir, Output: string(out.stdout) + string(out.stderr), Err: fmt.Errorf("terraform %s exited %d", args[0], out.exitCode)}
	}
	return nil
}

// terraform runs terraform with args in dir. A non-zero exit is not an error; a process that
// cannot start or is killed by ctx is.
func (r Runner) terraform(ctx context.Context, dir string, args ...string) (output, error) {
	bin := r.Terraform
	if bin == "" {
		bin = "terraform"
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = r.Env
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, "TF_IN_AUTOMATION=1", "TF_INPUT=0")
	if r.DataDir != "" {
		cmd.Env = append(cmd.Env, "TF_DATA_DIR="+r.dataDir(dir))
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return output{stdout: stdout.Bytes(), stderr: stderr.Bytes()}, nil
	case ctx.Err() != nil:
		return output{exitCode: -1}, fmt.Errorf("terraform %s in %s: %w", args[0], dir, ctx.Err())
	case errors.As(err, &exitErr):
		return output{stdout: stdout.Bytes(), stderr: stderr.Bytes(), exitCode: exitErr.ExitCode()}, nil
	default:
		return output{exitCode: -1}, fmt.Errorf("run terraform %s in %s: %w", args[0], dir, err)
	}
}

// dataDir is dir's TF_DATA_DIR under r.DataDir, absolute: terraform runs inside dir, so a
// relative path would land there.
func (r Runner) dataDir(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	base, err := filepath.Abs(r.DataDir)
	if err != nil {
		base = r.DataDir
	}
	name := strings.ReplaceAll(strings.Trim(filepath.ToSlash(abs), "/"), "/", "_")
	return filepath.Join(base, name)
}
