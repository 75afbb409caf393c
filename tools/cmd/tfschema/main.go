// Command tfschema derives the hashicorp/aws provider schema that the repository's terraform
// needs from the npm package @cdktn/provider-aws, and checks that the committed schema covers
// every type the terraform uses.
//
//	tfschema -package DIR|TARBALL [-root .] [-want-package @cdktn/provider-aws@24.1.0]
//	tfschema -check [-root .] [-want-package @cdktn/provider-aws@24.1.0] [-schema FILE]
//
// Without -check it scans every *.tf under modules/ and terraform/ for resource and data
// blocks of aws_ types, adds the types listed in tools/internal/awsschema/extra_types.txt,
// derives those types' schemas and the provider block from the package (an extracted
// directory or the .tgz `npm pack` writes) and rewrites tools/internal/awsschema/aws.json.
//
// With -check it changes nothing and exits 1 when a .tf file uses an aws_ type the schema
// (the embedded aws.json, or -schema FILE) lacks, or when the schema comes from another
// package version than -want-package, naming each; make tf/schema fixes it. Exit status 2 on
// bad usage or unreadable input.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/tsumiki-dev/tsumiki/tools/internal/awsschema"
	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
)

// errMissing means -check found types the schema lacks (exit status 1).
var errMissing = errors.New("the committed AWS provider schema is out of date; run make tf/schema")

func main() {
	cli.Check("tfschema", errMissing, func(ctx context.Context) error {
		return run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	})
}

func run(_ context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tfschema", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "repository root (holds modules/ and terraform/)")
	pkg := fs.String("package", "", "the @cdktn/provider-aws package: an extracted directory or its .tgz")
	wantPkg := fs.String("want-package", "", "the pinned package as name@version; the package (or, with -check, the schema) must match")
	out := fs.String("out", "", "schema file to write (default ROOT/tools/internal/awsschema/aws.json)")
	extra := fs.String("extra", "", "extra types file (default ROOT/tools/internal/awsschema/extra_types.txt)")
	check := fs.Bool("check", false, "report .tf types the schema lacks instead of deriving it")
	schemaFile := fs.String("schema", "", "with -check: the schema file to check (default: the embedded aws.json)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("parse flags: %w", err)
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	schemaDir := filepath.Join(*root, "tools", "internal", "awsschema")
	if *out == "" {
		*out = filepath.Join(schemaDir, "aws.json")
	}
	if *extra == "" {
		*extra = filepath.Join(schemaDir, "extra_types.txt")
	}
	used, err := scanTerraform(*root)
	if err != nil {
		return err
	}
	if *check {
		return runCheck(used, *schemaFile, *wantPkg, stdout)
	}
	if *pkg == "" {
		return errors.New("name the package with -package DIR|TARBALL (make tf/schema downloads it)")
	}
	extras, err := readExtraTypes(*extra)
	if err != nil {
		return err
	}
	want := used.types()
	want.add(extras)
	s, err := derive(*pkg, *wantPkg, want)
	if err != nil {
		return err
	}
	data, err := awsschema.Marshal(s)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return fmt.Errorf("write schema: %w", err)
	}
	_, err = fmt.Fprintf(stdout, "tfschema: wrote %s: %d resource types, %d data sources, provider block (hashicorp/aws %s from %s@%s)\n",
		*out, len(s.Resources), len(s.DataSources), s.Source.ProviderVersion, s.Source.Package, s.Source.PackageVersion)
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// runCheck reports the used types the schema lacks, and a schema from another package
// version than the pinned one.
func runCheck(used usage, schemaFile, wantPkg string, stdout io.Writer) error {
	var (
		s   *awsschema.Schema
		err error
	)
	if schemaFile == "" {
		s, err = awsschema.Load()
	} else {
		var data []byte
		data, err = os.ReadFile(schemaFile)
		if err == nil {
			s, err = awsschema.Parse(data)
		}
	}
	if err != nil {
		return fmt.Errorf("read schema: %w", err)
	}
	var problems []string
	if wantPkg != "" {
		if got := s.Source.Package + "@" + s.Source.PackageVersion; got != wantPkg {
			problems = append(problems, fmt.Sprintf("schema comes from %s but mk/tf.mk pins %s", got, wantPkg))
		}
	}
	for _, u := range used.sorted() {
		schemas := s.Resources
		if u.kind == kindData {
			schemas = s.DataSources
		}
		if _, ok := schemas[u.name]; !ok {
			problems = append(problems, fmt.Sprintf("%s: %s %q is not in the committed schema", u.file, u.kind, u.name))
		}
	}
	for _, p := range problems {
		if _, err := fmt.Fprintln(stdout, p); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%d problem(s): %w", len(problems), errMissing)
	}
	n := len(used.types())
	_, err = fmt.Fprintf(stdout, "tf/schema-check: the schema (hashicorp/aws %s) covers all %d aws types the terraform uses\n", s.Source.ProviderVersion, n)
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}
