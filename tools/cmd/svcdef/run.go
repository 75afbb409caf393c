package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

// usageError is a bad command line (exit status 2), under the name the tests use.
type usageError = cli.UsageError

const usage = "usage: svcdef make [-o FILE] | list [-kind http|worker|lambda] [-json] | check | generate  [-root DIR]"

// run is the whole command: args without the program name.
func run(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return cli.Usagef(usage)
	}
	cmd, args := args[0], args[1:]
	fs := flag.NewFlagSet("svcdef "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", "", "repository root (default: the folder holding go.work above the working directory)")
	out := fs.String("o", "", "make: write to this file (atomically) instead of standard output")
	kind := fs.String("kind", "", "list: only services of this kind ("+strings.Join(svcdef.Kinds, ", ")+")")
	asJSON := fs.Bool("json", false, "list: print a JSON array")
	if err := fs.Parse(args); err != nil {
		return cli.Usagef("%w", err)
	}
	if fs.NArg() > 0 {
		return cli.Usagef("unexpected arguments %q; %s", fs.Args(), usage)
	}
	if *root == "" {
		r, err := cli.FindRoot("pass -root")
		if err != nil {
			return fmt.Errorf("find the repository root: %w", err)
		}
		*root = r
	}
	switch cmd {
	case "make":
		return runMake(*root, *out, stdout)
	case "list":
		if *kind != "" && !slices.Contains(svcdef.Kinds, *kind) {
			return cli.Usagef("unknown -kind %q; one of: %s", *kind, strings.Join(svcdef.Kinds, ", "))
		}
		return runList(*root, *kind, *asJSON, stdout)
	case "check":
		return runCheck(*root, stdout)
	case "generate":
		return runGenerate(*root, stdout)
	}
	return cli.Usagef("unknown subcommand %q; %s", cmd, usage)
}

func runMake(root, out string, stdout io.Writer) error {
	services, err := svcdef.Load(root)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := svcdef.WriteMake(&b, services); err != nil {
		return err
	}
	if out == "" {
		_, err := stdout.Write(b.Bytes())
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	// A temporary file of its own, renamed into place: two makes may regenerate at once.
	tmp, err := os.CreateTemp(filepath.Dir(out), filepath.Base(out)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(b.Bytes()); err != nil {
		_ = tmp.Close() // the write error is the one to report
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	return nil
}

func runList(root, kind string, asJSON bool, stdout io.Writer) error {
	services, err := svcdef.Load(root)
	if err != nil {
		return err
	}
	if kind != "" {
		services = svcdef.OfKind(services, kind)
	}
	names := svcdef.Names(services)
	if asJSON {
		if names == nil {
			names = []string{}
		}
		data, err := json.Marshal(names)
		if err != nil {
			return fmt.Errorf("encode names: %w", err)
		}
		_, err = fmt.Fprintf(stdout, "%s\n", data)
		return err
	}
	for _, n := range names {
		if _, err := fmt.Fprintln(stdout, n); err != nil {
			return err
		}
	}
	return nil
}

// generated are the committed files with parts generated from the definitions.
var generated = []struct {
	file     string
	generate func([]byte, []svcdef.Service) ([]byte, error)
}{
	{svcdef.DeployWorkflowFile, svcdef.GenerateDeployWorkflow},
	{svcdef.ReadmeFile, svcdef.GenerateReadme},
	{svcdef.CodeownersFile, svcdef.GenerateCodeowners},
}

// regenerate returns, per generated file, its committed and its generated content.
func regenerate(root string, services []svcdef.Service) (committed, want [][]byte, err error) {
	for _, g := range generated {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(g.file)))
		if err != nil {
			return nil, nil, fmt.Errorf("read %s: %w", g.file, err)
		}
		out, err := g.generate(data, services)
		if err != nil {
			return nil, nil, err
		}
		committed, want = append(committed, data), append(want, out)
	}
	return committed, want, nil
}

func runCheck(root string, stdout io.Writer) error {
	services, err := svcdef.Load(root)
	if err != nil {
		return err
	}
	errs := []error{svcdef.CheckTree(root, services), svcdef.CheckCodeowners(root, services)}
	committed, want, err := regenerate(root, services)
	if err != nil {
		errs = append(errs, err)
	}
	var files []string
	for i := range committed {
		files = append(files, generated[i].file)
		if !bytes.Equal(committed[i], want[i]) {
			errs = append(errs, fmt.Errorf("%s: what is generated from the definitions is out of date; run make svc/generate", generated[i].file))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "svcdef: %d services (%s): definitions, the paths they name, CODEOWNERS, %s agree\n",
		len(services), strings.Join(svcdef.Names(services), ", "), strings.Join(files, ", "))
	return err
}

func runGenerate(root string, stdout io.Writer) error {
	services, err := svcdef.Load(root)
	if err != nil {
		return err
	}
	committed, want, err := regenerate(root, services)
	if err != nil {
		return err
	}
	for i, g := range generated {
		if bytes.Equal(committed[i], want[i]) {
			if _, err := fmt.Fprintf(stdout, "%s is up to date\n", g.file); err != nil {
				return err
			}
			continue
		}
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(g.file)), want[i], 0o644); err != nil {
			return fmt.Errorf("write %s: %w", g.file, err)
		}
		if _, err := fmt.Fprintf(stdout, "wrote %s\n", g.file); err != nil {
			return err
		}
	}
	return nil
}
