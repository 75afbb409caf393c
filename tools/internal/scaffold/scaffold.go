package scaffold

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"github.com/tsumiki-dev/tsumiki/tools/internal/naming"
	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

// Kind is what a service is: how it runs in AWS.
type Kind string

// The kinds of service, as tools/internal/svcdef defines them.
const (
	// KindHTTP is an ECS service behind its own load balancer.
	KindHTTP Kind = svcdef.KindHTTP
	// KindWorker is an ECS service without ingress.
	KindWorker Kind = svcdef.KindWorker
	// KindLambda is a Lambda function fed by its own SQS queue.
	KindLambda Kind = svcdef.KindLambda
)

// Kinds are the valid kinds, svcdef.Kinds in its order; TestRender fails for a kind without
// templates.
var Kinds = func() []Kind {
	out := make([]Kind, len(svcdef.Kinds))
	for i, k := range svcdef.Kinds {
		out[i] = Kind(k)
	}
	return out
}()

// KindNames returns Kinds as strings, for usage messages and make's valid values.
func KindNames() []string {
	out := make([]string, len(Kinds))
	for i, k := range Kinds {
		out[i] = string(k)
	}
	return out
}

// ParseKind returns the Kind named s, or an error wrapping ErrInvalid that lists the kinds.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("%w: unknown kind %q; one of: %s", ErrInvalid, s, strings.Join(KindNames(), " "))
}

// Environments are the environments that get a root of the new stack, in apply order.
var Environments = []string{"stg", "prd"}

var (
	// ErrInvalid means a parameter (name, kind) breaks a rule; the message says which.
	ErrInvalid = errors.New("invalid parameter")
	// ErrExists means something the scaffold would write is already there.
	ErrExists = errors.New("already exists")
)

// namePattern is modules/naming's rule for a service (tools/internal/naming checks it too);
// Validate adds the length limit and the reserved names.
var namePattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// Reserved are names a service cannot take: the stacks and folders that are not services,
// and the service part modules/naming uses for shared infrastructure.
var Reserved = []string{"bootstrap", "database", "env", "network", "platform", "shared", "stacks"}

// longestNames are the (component, attributes) pairs of the longest cloud-side names the
// scaffolded stacks derive from a service's name: an ECS service's IAM roles
// ("<project>-<env>-<name>-service-execution") and the Lambda's dead-letter queue.
var longestNames = []naming.Input{
	{Component: "service", Attributes: []string{"execution"}},
	{Component: "service", Attributes: []string{"migration"}},
	{Component: "function", Attributes: []string{"role"}},
	{Component: "queue", Attributes: []string{"dlq"}},
}

// MaxNameLength is the longest service name whose cloud-side names all fit modules/naming's
// default limit (naming.DefaultMaxLength) in every environment without being shortened to a
// hash, so a person can still read them in the console.
func MaxNameLength() int {
	longest := 0
	for _, in := range longestNames {
		in.Environment = "prd"
		in.Service = "x"
		n, err := naming.New(in)
		if err != nil {
			panic(fmt.Sprintf("scaffold: longestNames: %v", err))
		}
		if l := len(n.FullName) - 1; l > longest {
			longest = l
		}
	}
	return naming.DefaultMaxLength - longest
}

// ValidateName returns an error wrapping ErrInvalid unless name can be a service's name.
func ValidateName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("%w: NAME is required: lower-case letters, digits and single hyphens, starting with a letter, at most %d characters", ErrInvalid, MaxNameLength())
	case !namePattern.MatchString(name):
		return fmt.Errorf("%w: name %q: use lower-case letters, digits and single hyphens, starting with a letter (modules/naming's rule), e.g. billing-api", ErrInvalid, name)
	case len(name) > MaxNameLength():
		return fmt.Errorf("%w: name %q has %d characters; at most %d, so its cloud-side names (e.g. %s) stay readable within modules/naming's %d-character default", ErrInvalid, name, len(name), MaxNameLength(), "tsumiki-prd-"+name+"-service-execution", naming.DefaultMaxLength)
	}
	for _, r := range Reserved {
		if name == r {
			return fmt.Errorf("%w: name %q is reserved (%s)", ErrInvalid, name, strings.Join(Reserved, ", "))
		}
	}
	return nil
}

// Options say what to scaffold where.
type Options struct {
	// Root is the repository root.
	Root string
	// Name is the service's name: its folder, Go module, command, stack and design doc.
	Name string
	// Kind is what it is.
	Kind Kind
	// Description is service.yaml's one-line description. Empty means a sentence naming the
	// kind.
	Description string
	// Owners are the GitHub teams that own it (service.yaml owners). Empty means
	// DefaultOwners.
	Owners []string
	// SkipTidy leaves go.sum alone (tests that only look at the rendered files).
	SkipTidy bool
}

// DefaultOwners own a service until its team is named.
var DefaultOwners = []string{"@tsumiki-dev/platform"}

// Result says what Generate wrote.
type Result struct {
	// Created are the new files, relative to the root, sorted.
	Created []string
	// Edited are the existing files it changed, relative to the root, in the order changed.
	Edited []string
}

//go:embed all:templates
var templates embed.FS

// data is what the templates see.
type data struct {
	// Name is the service's name (demo-api); Kind its kind.
	Name string
	Kind Kind
	// Ident is Name with underscores, for terraform keys (demo_api).
	Ident string
	// Var is Name in upper snake case, for make and environment variables (DEMO_API):
	// svcdef.EnvPrefix, which the local platform uses too.
	Var string
	// Module is the Go module path.
	Module string
	// Description and Owners are service.yaml's.
	Description string
	Owners      []string
	// GoVersion is the go directive of the new go.mod (libs/kit's, which it requires).
	GoVersion string
	// Versions are the workspace's versions of the modules the go.mod requires.
	Versions map[string]string
	// Port is the local port of an http service (make dev, <name>/run).
	Port int
	// Env is the environment of a root (terraform/<env>/<name>); empty elsewhere.
	Env string
	// Protected is whether Env keeps data (prd): prevent_destroy, deletion protection.
	Protected bool
}

// Generate scaffolds the service that opts describe and returns what it wrote. It checks the
// parameters and that nothing it would write exists before it writes anything.
func Generate(ctx context.Context, opts Options) (Result, error) {
	var res Result
	if err := ValidateName(opts.Name); err != nil {
		return res, err
	}
	if _, err := ParseKind(string(opts.Kind)); err != nil {
		return res, err
	}
	root := opts.Root
	for _, p := range []string{"services/" + opts.Name, "terraform/stacks/" + opts.Name, "design-docs/" + opts.Name + ".md"} {
		if _, err := os.Stat(filepath.Join(root, p)); err == nil {
			return res, fmt.Errorf("%w: %s (pick another NAME, or remove the service first: README, \"Adding or removing a service\")", ErrExists, p)
		}
	}
	for _, env := range Environments {
		if _, err := os.Stat(filepath.Join(root, "terraform", env, opts.Name)); err == nil {
			return res, fmt.Errorf("%w: terraform/%s/%s", ErrExists, env, opts.Name)
		}
	}
	d, err := newData(ctx, opts)
	if err != nil {
		return res, err
	}

	files, err := Render(d)
	if err != nil {
		return res, err
	}
	doc, err := DesignDoc(root, d)
	if err != nil {
		return res, err
	}
	files["design-docs/"+d.Name+".md"] = doc
	// Every root locks the same provider version and every stack and root pins it the same
	// way (tfpolicy rules provider-lock, pinned-providers): the new ones copy an existing one.
	// A stack with aws resources of its own (http's load balancer) names the provider; one
	// that only calls modules must not (tfpolicy: terraform_unused_required_providers), so each
	// copies a stack of its sort.
	stackVersions := "terraform/stacks/*/versions.tf!required_providers"
	if d.Kind == KindHTTP {
		stackVersions = "terraform/stacks/*/versions.tf?required_providers"
	}
	copies := map[string]string{path.Join("terraform/stacks", d.Name, "versions.tf"): stackVersions}
	for _, env := range Environments {
		copies[path.Join("terraform", env, d.Name, ".terraform.lock.hcl")] = "terraform/" + env + "/*/.terraform.lock.hcl"
		copies[path.Join("terraform", env, d.Name, "versions.tf")] = "terraform/" + env + "/*/backend.tf:versions.tf"
	}
	for target, pattern := range copies {
		b, err := copyOf(root, pattern)
		if err != nil {
			return res, err
		}
		files[target] = b
	}
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return res, fmt.Errorf("create %s: %w", filepath.Dir(rel), err)
		}
		if err := os.WriteFile(p, files[rel], 0o644); err != nil {
			return res, fmt.Errorf("write %s: %w", rel, err)
		}
		res.Created = append(res.Created, rel)
	}

	edited, err := edit(ctx, root, d)
	res.Edited = edited
	if err != nil {
		return res, err
	}
	if !opts.SkipTidy {
		if err := goModTidy(ctx, filepath.Join(root, "services", d.Name)); err != nil {
			return res, err
		}
		res.Created = append(res.Created, "services/"+d.Name+"/go.sum")
		sort.Strings(res.Created)
	}
	return res, nil
}

// newData derives everything the templates need from opts and the repository.
func newData(ctx context.Context, opts Options) (data, error) {
	d := data{
		Name:        opts.Name,
		Kind:        opts.Kind,
		Ident:       strings.ReplaceAll(opts.Name, "-", "_"),
		Var:         svcdef.EnvPrefix(opts.Name),
		Module:      "github.com/tsumiki-dev/tsumiki/services/" + opts.Name,
		Description: opts.Description,
		Owners:      opts.Owners,
	}
	if d.Description == "" {
		d.Description = map[Kind]string{
			KindHTTP:   "An HTTP service on ECS behind its own load balancer.",
			KindWorker: "A background worker on ECS, without ingress.",
			KindLambda: "A Lambda function fed by its own SQS queue.",
		}[d.Kind]
	}
	if len(d.Owners) == 0 {
		d.Owners = DefaultOwners
	}
	var err error
	if d.GoVersion, err = goDirective(filepath.Join(opts.Root, "libs", "kit", "go.mod")); err != nil {
		return d, err
	}
	if d.Versions, err = workspaceVersions(ctx, opts.Root, requiredModules(d.Kind)); err != nil {
		return d, err
	}
	if d.Kind == KindHTTP {
		if d.Port, err = freePort(opts.Root); err != nil {
			return d, err
		}
	}
	return d, nil
}

// requiredModules are the modules outside the repository that a kind's go.mod requires
// directly; their versions come from the workspace, so the new module agrees with the others.
func requiredModules(k Kind) []string {
	mods := []string{"github.com/stretchr/testify"}
	if k == KindLambda {
		mods = append(mods, "github.com/aws/aws-lambda-go", "github.com/aws/aws-sdk-go-v2", "github.com/aws/aws-sdk-go-v2/service/sqs")
	}
	return mods
}

var goLine = regexp.MustCompile(`(?m)^go ([0-9.]+)\s*$`)

// goDirective returns the go directive of a go.mod file.
func goDirective(file string) (string, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("read the go version: %w", err)
	}
	m := goLine.FindSubmatch(b)
	if m == nil {
		return "", fmt.Errorf("%s has no go directive", file)
	}
	return string(m[1]), nil
}

// workspaceVersions asks the go command which version of each module the workspace selects.
func workspaceVersions(ctx context.Context, root string, mods []string) (map[string]string, error) {
	args := append([]string{"list", "-m", "-f", "{{.Path}} {{.Version}}"}, mods...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -m %s: %w: %s", strings.Join(mods, " "), err, strings.TrimSpace(stderr.String()))
	}
	v := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if p, ver, ok := strings.Cut(line, " "); ok && ver != "" {
			v[p] = ver
		}
	}
	for _, m := range mods {
		if v[m] == "" {
			return nil, fmt.Errorf("the workspace has no version of %s (go list -m printed %q)", m, out)
		}
	}
	return v, nil
}

// portVar finds make's port variables: `NAME_PORT ?= 8080`.
var portVar = regexp.MustCompile(`(?m)^[A-Z0-9_]+_PORT \?= ([0-9]+)\s*$`)

// firstServicePort is where the local ports of http services start (todo-api's default);
// freePort takes the first one above it that no make file declares.
const firstServicePort = 8080

// freePort returns the lowest port from firstServicePort that no mk/*.mk or
// services/*/Makefile declares as a *_PORT default.
func freePort(root string) (int, error) {
	files, err := filepath.Glob(filepath.Join(root, "mk", "*.mk"))
	if err != nil {
		return 0, fmt.Errorf("list make files: %w", err)
	}
	more, err := filepath.Glob(filepath.Join(root, "services", "*", "Makefile"))
	if err != nil {
		return 0, fmt.Errorf("list make files: %w", err)
	}
	used := map[int]bool{}
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			return 0, fmt.Errorf("read %s: %w", f, err)
		}
		for _, m := range portVar.FindAllSubmatch(b, -1) {
			n, _ := strconv.Atoi(string(m[1]))
			used[n] = true
		}
	}
	for p := firstServicePort; p < firstServicePort+1000; p++ {
		if !used[p] {
			return p, nil
		}
	}
	return 0, errors.New("no free local port from 8080 to 9079 in the make files")
}

// Render renders the templates of d's kind (common/ first, then the kind's folder; the
// kind's file wins when both have one) and returns file contents by path relative to the root.
func Render(d data) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, dir := range []string{"templates/common", "templates/" + string(d.Kind)} {
		err := fs.WalkDir(templates, dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			rel := strings.TrimSuffix(strings.TrimPrefix(p, dir+"/"), ".tmpl")
			envs := []string{""}
			if strings.Contains(rel, "__env__") {
				envs = Environments
			}
			src, err := templates.ReadFile(p)
			if err != nil {
				return fmt.Errorf("read template %s: %w", p, err)
			}
			t, err := template.New(p).Funcs(funcs).Option("missingkey=error").Parse(string(src))
			if err != nil {
				return fmt.Errorf("parse template %s: %w", p, err)
			}
			for _, env := range envs {
				de := d
				de.Env, de.Protected = env, env == "prd"
				var buf bytes.Buffer
				if err := t.Execute(&buf, de); err != nil {
					return fmt.Errorf("render template %s: %w", p, err)
				}
				target := strings.ReplaceAll(strings.ReplaceAll(rel, "__name__", d.Name), "__env__", env)
				out[target] = buf.Bytes()
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// funcs are the template functions.
var funcs = template.FuncMap{
	// quote writes a Go/HCL/YAML double-quoted string.
	"quote": strconv.Quote,
}

// copyOf returns the file of the first (sorted) existing match of pattern, a glob relative to
// root. "GLOB:FILE" takes FILE from the directory of the first match of GLOB (a root is a
// directory with a backend.tf, unlike terraform/<env>/env); "GLOB?TEXT" takes the first match
// that contains TEXT, "GLOB!TEXT" the first that does not.
func copyOf(root, pattern string) ([]byte, error) {
	glob, file, sibling := strings.Cut(pattern, ":")
	var text string
	want := true
	if g, t, ok := strings.Cut(glob, "?"); ok {
		glob, text = g, t
	} else if g, t, ok := strings.Cut(glob, "!"); ok {
		glob, text, want = g, t, false
	}
	matches, err := filepath.Glob(filepath.Join(root, filepath.FromSlash(glob)))
	if err != nil {
		return nil, fmt.Errorf("copy %s: %w", pattern, err)
	}
	sort.Strings(matches)
	for _, m := range matches {
		src := m
		if sibling {
			src = filepath.Join(filepath.Dir(m), file)
		}
		b, err := os.ReadFile(src)
		if err != nil {
			return nil, fmt.Errorf("read %s to copy: %w", src, err)
		}
		if text == "" || bytes.Contains(b, []byte(text)) == want {
			return b, nil
		}
	}
	return nil, fmt.Errorf("no %s to copy from", pattern)
}

// goModTidy fills the new module's go.sum. It runs outside the workspace (GOWORK=off), as the
// Dockerfiles build a module, so go.sum holds everything the module needs on its own.
func goModTidy(ctx context.Context, dir string) error {
	cmd := exec.CommandContext(ctx, "go", "mod", "tidy")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go mod tidy in %s: %w: %s", dir, err, strings.TrimSpace(string(out)))
	}
	return nil
}
