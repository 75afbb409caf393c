// Command tfwhoami checks, before a plan or apply, that the current AWS credentials belong to
// the account a stack's provider allows (allowed_account_ids), and says how to switch when they
// do not. mk/tf.sh runs it before `terraform init`, so wrong credentials never reach the other
// account's state bucket; `make tf/whoami ENV=... STACK=...` runs it alone.
//
//	tfwhoami -env stg -stack network [-root DIR]
//
// The allowed account comes from where the roots take it: account_id in
// terraform/<env>/env/main.tf for the stacks, account_id in terraform/bootstrap/env/<env>.tfvars
// for bootstrap. The current account comes from `aws sts get-caller-identity` (the aws CLI named
// by $AWS_CLI, default "aws" on PATH), or from $TSUMIKI_OFFLINE_AWS_ACCOUNT_ID when the offline
// provider plays the account. Without the aws CLI or without credentials it prints
// "tf/whoami: skipped: ..." and exits 0: terraform then fails on its own with the provider's
// message. Exit 1: the credentials are for another account. Exit 2: bad usage, or the stack's
// account cannot be read.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
	offline "github.com/tsumiki-dev/tsumiki/tools/internal/offlineaws/account"
)

// errWrongAccount means the credentials belong to another account (exit status 1).
var errWrongAccount = errors.New("credentials are for another account")

// callerTimeout bounds `aws sts get-caller-identity` (it may wait for an SSO token refresh).
const callerTimeout = 30 * time.Second

func main() {
	cli.Check("tf/whoami: error", errWrongAccount, func(ctx context.Context) error {
		return run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	})
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tfwhoami", flag.ContinueOnError)
	fs.SetOutput(stderr)
	env := fs.String("env", "", "environment, e.g. stg")
	stack := fs.String("stack", "", "stack, e.g. network or bootstrap")
	root := fs.String("root", ".", "repository root")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("parse flags: %w", err)
	}
	if *env == "" || *stack == "" {
		return errors.New("-env and -stack are required")
	}
	want, from, err := allowedAccount(*root, *env, *stack)
	if err != nil {
		return err
	}
	got, who, skip, err := currentAccount(ctx, getenv)
	if err != nil {
		return err
	}
	if skip != "" {
		_, err := fmt.Fprintf(stdout, "tf/whoami: skipped: %s; cannot check that the credentials are for %s/%s's account %s (%s)\n", skip, *env, *stack, want, from)
		if err != nil {
			return fmt.Errorf("write result: %w", err)
		}
		return nil
	}
	if got != want {
		return fmt.Errorf("%s/%s may only run in account %s (%s), but the current credentials (%s) are for account %s: "+
			"switch to the environment's profile, e.g. AWS_PROFILE=tsumiki-%s, or `aws sso login --profile tsumiki-%s` (README, Credentials for make apply): %w",
			*env, *stack, want, from, who, got, *env, *env, errWrongAccount)
	}
	if _, err := fmt.Fprintf(stdout, "tf/whoami: ok: %s is in account %s, the one %s/%s allows\n", who, got, *env, *stack); err != nil {
		return fmt.Errorf("write result: %w", err)
	}
	return nil
}

// allowedAccount returns the account a stack's provider allows and the file that says so.
func allowedAccount(root, env, stack string) (account, from string, err error) {
	if stack == "bootstrap" {
		from = filepath.ToSlash(filepath.Join("terraform", "bootstrap", "env", env+".tfvars"))
		attrs, err := parseAttributes(filepath.Join(root, from), nil)
		if err != nil {
			return "", "", err
		}
		account, err = literal(attrs, "account_id", from)
		return account, from, err
	}
	if _, err := os.Stat(filepath.Join(root, "terraform", env, stack)); err != nil {
		return "", "", fmt.Errorf("no stack terraform/%s/%s: %w", env, stack, err)
	}
	from = filepath.ToSlash(filepath.Join("terraform", env, "env", "main.tf"))
	attrs, err := parseAttributes(filepath.Join(root, from), func(body *hclsyntax.Body) hcl.Attributes {
		out := hcl.Attributes{}
		for _, b := range body.Blocks {
			if b.Type == "locals" {
				for name, a := range b.Body.Attributes {
					out[name] = a.AsHCLAttribute()
				}
			}
		}
		return out
	})
	if err != nil {
		return "", "", err
	}
	account, err = literal(attrs, "account_id", from+" locals")
	return account, from, err
}

// parseAttributes parses an HCL file and returns its top-level attributes, or what pick takes
// from its body.
func parseAttributes(path string, pick func(*hclsyntax.Body) hcl.Attributes) (hcl.Attributes, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	file, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("parse %s: %w", path, diags)
	}
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok {
		return nil, fmt.Errorf("parse %s: not native HCL syntax", path)
	}
	if pick != nil {
		return pick(body), nil
	}
	out := hcl.Attributes{}
	for name, a := range body.Attributes {
		out[name] = a.AsHCLAttribute()
	}
	return out, nil
}

// literal returns a string attribute that is a literal 12-digit account ID.
func literal(attrs hcl.Attributes, name, where string) (string, error) {
	a, ok := attrs[name]
	if !ok {
		return "", fmt.Errorf("%s has no %s", where, name)
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || !v.Type().Equals(cty.String) || v.IsNull() {
		return "", fmt.Errorf("%s: %s is not a literal string", where, name)
	}
	s := v.AsString()
	if len(s) != 12 || strings.Trim(s, "0123456789") != "" {
		return "", fmt.Errorf("%s: %s %q is not a 12-digit AWS account ID", where, name, s)
	}
	return s, nil
}

// currentAccount returns the account and identity of the current credentials, or why it
// cannot tell (skip).
func currentAccount(ctx context.Context, getenv func(string) string) (account, who, skip string, err error) {
	if id := getenv(offline.EnvAccountID); id != "" {
		return id, "the offline provider's simulated caller (" + offline.EnvAccountID + ")", "", nil
	}
	cli := getenv("AWS_CLI")
	if cli == "" {
		cli = "aws"
	}
	path, err := exec.LookPath(cli)
	if err != nil {
		return "", "", "no aws CLI (" + cli + " not found)", nil
	}
	ctx, cancel := context.WithTimeout(ctx, callerTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "sts", "get-caller-identity", "--output", "json")
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		reason := strings.TrimSpace(errOut.String())
		if i := strings.IndexByte(reason, '\n'); i >= 0 {
			reason = reason[:i]
		}
		if reason == "" {
			reason = err.Error()
		}
		return "", "", "no AWS credentials (aws sts get-caller-identity: " + reason + ")", nil
	}
	var id struct {
		Account string `json:"Account"`
		Arn     string `json:"Arn"`
	}
	if err := json.Unmarshal([]byte(out.String()), &id); err != nil || id.Account == "" {
		return "", "", "", fmt.Errorf("read aws sts get-caller-identity output %q: %w", out.String(), errors.Join(err, errors.New("no Account")))
	}
	return id.Account, id.Arn, "", nil
}
