// Package svcdef reads the service definitions: each service declares what it is, once, in
// services/<name>/service.yaml (its kind, commands, local port, migrations, owners and the
// terraform stack it deploys with). make, `make deploy`, `make dev`, the workflows, the
// CODEOWNERS check and the affected-only CI all read the definitions through this package
// (or through the make variables tools/cmd/svcdef generates from it), so the list of services
// is written nowhere else.
//
// # Errors
//
// Load reports every problem it finds at once (errors.Join). Each error names the file,
// relative to the repository root, and the field, for example
//
//	services/todo-api/service.yaml: kind: must be one of http, worker, lambda (got "web")
//
// Load checks the documents only. CheckTree checks that what they refer to exists (the
// command's main package, the migrations folder, the stack, the paths read).
package svcdef

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Dir is the folder, relative to the repository root, that holds one folder per service.
const Dir = "services"

// FileName is the name of the definition file in each service's folder.
const FileName = "service.yaml"

// The kinds of service. Kinds lists them in the order make and the docs show them.
const (
	// KindHTTP is an ECS service behind the load balancer.
	KindHTTP = "http"
	// KindWorker is an ECS service without ingress.
	KindWorker = "worker"
	// KindLambda is an SQS-fed Lambda function.
	KindLambda = "lambda"
)

// Kinds are the valid values of Service.Kind.
var Kinds = []string{KindHTTP, KindWorker, KindLambda}

var (
	// namePattern is modules/naming's rule for the service part of a cloud name, so that every
	// service name is a valid name part.
	namePattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	// ownerPattern is a GitHub team (@org/team), user (@user) or an email address.
	ownerPattern = regexp.MustCompile(`^(@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)$`)
	// envPattern is an environment variable name.
	envPattern = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
)

// Service is one service's definition, read from services/<Name>/service.yaml.
type Service struct {
	// Name is the service's name; it equals its folder's name and is the service part of its
	// cloud names.
	Name string `yaml:"name"`
	// Kind is one of Kinds: KindHTTP, KindWorker or KindLambda.
	Kind string `yaml:"kind"`
	// Description says in one sentence what the service does.
	Description string `yaml:"description"`
	// Owners are the GitHub teams (or users) that own the service's folder and design doc in
	// CODEOWNERS. At least one.
	Owners []string `yaml:"owners"`
	// Stack is the terraform stack the service deploys with: the module
	// terraform/stacks/<Stack>, applied by the roots terraform/{stg,prd}/<Stack>.
	Stack string `yaml:"stack"`
	// Command is the main package that ships: services/<Name>/cmd/<Command>.
	Command string `yaml:"command"`
	// Local says how `make dev` runs the service.
	Local Local `yaml:"local"`
	// Migrations is the folder, relative to the service's folder, that holds its SQL
	// migrations; empty when it has none.
	Migrations string `yaml:"migrations"`
	// Reads are paths outside the service's folder, relative to the repository root, that its
	// code or tests read at run time (not Go imports, which go.mod already says); the
	// affected-only CI tests the service when one of them changes.
	Reads []string `yaml:"reads"`
}

// Local says how `make dev` runs a service on a developer's machine.
type Local struct {
	// Args are the arguments after the binary, e.g. ["serve"].
	Args []string `yaml:"args"`
	// PortEnv is the environment variable holding the service's local port (http services
	// only, where it is required), e.g. "TODO_API_PORT".
	PortEnv string `yaml:"port_env"`
}

// Path is the service's folder relative to the repository root, e.g. "services/todo-api".
func (s Service) Path() string { return path.Join(Dir, s.Name) }

// File is the service's definition file relative to the repository root.
func (s Service) File() string { return path.Join(Dir, s.Name, FileName) }

// CommandPath is the main package that ships, relative to the repository root, e.g.
// "services/todo-api/cmd/todo-api".
func (s Service) CommandPath() string { return path.Join(Dir, s.Name, "cmd", s.Command) }

// MigrationsPath is the migrations folder relative to the repository root, or "" when the
// service has none.
func (s Service) MigrationsPath() string {
	if s.Migrations == "" {
		return ""
	}
	return path.Join(Dir, s.Name, s.Migrations)
}

// StackPath is the terraform stack module relative to the repository root, e.g.
// "terraform/stacks/todo-api".
func (s Service) StackPath() string { return path.Join("terraform", "stacks", s.Stack) }

// Load reads every services/*/service.yaml under the repository root root and returns the
// services sorted by name. A folder under services/ that holds a go.mod but no service.yaml is
// an error, as is any invalid definition; all problems are reported at once, each naming the
// file and field.
func Load(root string) ([]Service, error) {
	entries, err := os.ReadDir(filepath.Join(root, Dir))
	if err != nil {
		return nil, fmt.Errorf("read service folders: %w", err)
	}
	var (
		services []Service
		errs     []error
	)
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(root, Dir, e.Name())
		file := path.Join(Dir, e.Name(), FileName)
		data, err := os.ReadFile(filepath.Join(dir, FileName))
		if errors.Is(err, fs.ErrNotExist) {
			if _, statErr := os.Stat(filepath.Join(dir, "go.mod")); statErr == nil {
				errs = append(errs, fmt.Errorf("%s: missing: every service declares itself in its folder (see services/todo-api/%s)", file, FileName))
			}
			continue
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", file, err))
			continue
		}
		s, err := Parse(file, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if s.Name != e.Name() {
			errs = append(errs, fmt.Errorf("%s: name: must equal the folder name %q (got %q)", file, e.Name(), s.Name))
			continue
		}
		services = append(services, s)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	sort.Slice(services, func(i, j int) bool { return services[i].Name < services[j].Name })
	return services, nil
}

// Parse decodes and validates one definition; file names it in errors (relative to the
// repository root). It does not check the name against a folder: Load does.
func Parse(file string, data []byte) (Service, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return Service{}, fmt.Errorf("%s: %w", file, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return Service{}, fmt.Errorf("%s: empty: a service definition needs at least name, kind, description, owners, stack and command", file)
	}
	if err := checkKeys(file, "", doc.Content[0], serviceFields); err != nil {
		return Service{}, err
	}
	var s Service
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return Service{}, fmt.Errorf("%s: %w", file, err)
	}
	if err := s.validate(file); err != nil {
		return Service{}, err
	}
	return s, nil
}

// checkKeys reports keys of the mapping node n (at prefix) that are not in known, and
// descends into "local", so that a misspelt field is an error naming it.
func checkKeys(file, prefix string, n *yaml.Node, known []string) error {
	if n.Kind != yaml.MappingNode {
		name := strings.TrimSuffix(prefix, ".")
		if name == "" {
			return fmt.Errorf("%s:%d: must be a mapping of fields (name, kind, ...)", file, n.Line)
		}
		return fmt.Errorf("%s:%d: %s: must be a mapping", file, n.Line, name)
	}
	var errs []error
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], n.Content[i+1]
		if !slices.Contains(known, key.Value) {
			errs = append(errs, fmt.Errorf("%s:%d: %s%s: unknown field; known fields: %s", file, key.Line, prefix, key.Value, strings.Join(known, ", ")))
			continue
		}
		if prefix == "" && key.Value == "local" && value.Tag != "!!null" {
			if err := checkKeys(file, "local.", value, localFields); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// serviceFields and localFields are the yaml keys of Service and Local, in declaration order
// (TestFields fails when they drift from the struct tags).
var (
	serviceFields = []string{"name", "kind", "description", "owners", "stack", "command", "local", "migrations", "reads"}
	localFields   = []string{"args", "port_env"}
)

// validate reports every invalid field of s at once.
func (s Service) validate(file string) error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s: %s", file, field, fmt.Sprintf(format, args...)))
	}
	switch {
	case s.Name == "":
		bad("name", "required (the folder name)")
	case !namePattern.MatchString(s.Name):
		bad("name", "must be lower-case letters and digits in hyphen-separated words, starting with a letter (got %q)", s.Name)
	}
	if !slices.Contains(Kinds, s.Kind) {
		bad("kind", "must be one of %s (got %q)", strings.Join(Kinds, ", "), s.Kind)
	}
	if strings.TrimSpace(s.Description) == "" {
		bad("description", "required: one sentence saying what the service does")
	}
	if len(s.Owners) == 0 {
		bad("owners", "required: at least one GitHub team, e.g. [\"@tsumiki-dev/platform\"]")
	}
	for i, o := range s.Owners {
		if !ownerPattern.MatchString(o) {
			bad(fmt.Sprintf("owners[%d]", i), "must be @org/team, @user or an email address (got %q)", o)
		}
	}
	switch {
	case s.Stack == "":
		bad("stack", "required: the folder under terraform/stacks/ the service deploys with")
	case !namePattern.MatchString(s.Stack):
		bad("stack", "must be a folder name under terraform/stacks/ in lower-case hyphenated words (got %q)", s.Stack)
	}
	switch {
	case s.Command == "":
		bad("command", "required: the main package cmd/<command> that ships")
	case !namePattern.MatchString(s.Command):
		bad("command", "must be a folder name under cmd/ in lower-case hyphenated words (got %q)", s.Command)
	}
	for i, a := range s.Local.Args {
		if a == "" {
			bad(fmt.Sprintf("local.args[%d]", i), "must not be empty")
		}
	}
	switch {
	case s.Kind == KindHTTP && s.Local.PortEnv == "":
		bad("local.port_env", "required for kind http: the environment variable holding its local port, e.g. TODO_API_PORT")
	case s.Kind != KindHTTP && s.Local.PortEnv != "":
		bad("local.port_env", "only kind http listens on a port (kind is %q)", s.Kind)
	case s.Local.PortEnv != "" && !envPattern.MatchString(s.Local.PortEnv):
		bad("local.port_env", "must be an environment variable name like TODO_API_PORT (got %q)", s.Local.PortEnv)
	}
	if s.Migrations != "" {
		if msg := checkRelative(s.Migrations); msg != "" {
			bad("migrations", "%s (got %q)", msg, s.Migrations)
		}
	}
	for i, r := range s.Reads {
		if msg := checkRelative(r); msg != "" {
			bad(fmt.Sprintf("reads[%d]", i), "%s (got %q)", msg, r)
		}
	}
	return errors.Join(errs...)
}

// checkRelative says what is wrong with p as a clean relative slash path inside the
// repository, or "" if nothing is.
func checkRelative(p string) string {
	switch {
	case path.IsAbs(p) || filepath.IsAbs(p):
		return "must be relative"
	case path.Clean(p) != p || strings.Contains(p, `\`):
		return "must be a clean slash-separated path"
	case p == ".." || strings.HasPrefix(p, "../"):
		return "must stay inside the repository"
	}
	return ""
}

// CheckTree checks that what the definitions refer to exists under the repository root root:
// each command's main package, migrations folder, stack module with its stg and prd roots,
// and every path read. It reports every problem at once, naming file and field.
func CheckTree(root string, services []Service) error {
	var errs []error
	exists := func(s Service, field, rel, what string) {
		info, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %s: %s %s does not exist", s.File(), field, what, rel))
			return
		}
		if what != "path" && !info.IsDir() {
			errs = append(errs, fmt.Errorf("%s: %s: %s %s is not a folder", s.File(), field, what, rel))
		}
	}
	for _, s := range services {
		exists(s, "command", s.CommandPath(), "main package")
		if s.Migrations != "" {
			exists(s, "migrations", s.MigrationsPath(), "migrations folder")
		}
		exists(s, "stack", s.StackPath(), "stack module")
		for _, env := range []string{"stg", "prd"} {
			exists(s, "stack", path.Join("terraform", env, s.Stack), "stack root")
		}
		for i, r := range s.Reads {
			exists(s, fmt.Sprintf("reads[%d]", i), r, "path")
		}
	}
	return errors.Join(errs...)
}

// EnvPrefix is how the names of a service's own environment variables begin: its name in
// upper snake case (billing-api: BILLING_API, as in BILLING_API_PORT or BILLING_API_QUEUE_URL).
// make new/service names the new service's variables with it, and the local platform the
// ones it writes for a service into .local/env.
func EnvPrefix(name string) string {
	return strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// Names returns the services' names in the order given.
func Names(services []Service) []string {
	names := make([]string, len(services))
	for i, s := range services {
		names[i] = s.Name
	}
	return names
}

// OfKind returns the services of the given kind, in the order given.
func OfKind(services []Service, kind string) []Service {
	var out []Service
	for _, s := range services {
		if s.Kind == kind {
			out = append(out, s)
		}
	}
	return out
}

// Find returns the service called name, or false.
func Find(services []Service, name string) (Service, bool) {
	for _, s := range services {
		if s.Name == name {
			return s, true
		}
	}
	return Service{}, false
}
