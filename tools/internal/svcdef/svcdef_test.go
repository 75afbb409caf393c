package svcdef_test

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

// repoRoot is the repository root, three folders up from this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	return root
}

// writeTree writes files (slash paths relative to the returned root) into a new temp folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	return root
}

const worker = `name: %s
kind: worker
description: A worker.
owners: ["@tsumiki-dev/todo"]
stack: %s
command: %s
local:
  args: [worker]
`

func def(name string) string {
	return strings.ReplaceAll(worker, "%s", name)
}

// definedNames are the folders under services/ that hold a service.yaml, sorted: what Load
// must return, however many services the repository has (make new/service adds one).
func definedNames(t *testing.T, root string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, svcdef.Dir, "*", svcdef.FileName))
	require.NoError(t, err)
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(filepath.Dir(f)))
	}
	slices.Sort(names)
	return names
}

func TestLoad_Repository(t *testing.T) {
	services, err := svcdef.Load(repoRoot(t))
	require.NoError(t, err)
	want := definedNames(t, repoRoot(t))
	require.Equal(t, want, svcdef.Names(services), "one service per folder with a definition, sorted")

	// todo-api is the reference service the others copy.
	api, ok := svcdef.Find(services, "todo-api")
	require.True(t, ok)
	require.Contains(t, api.Description, "REST API for todos")
	api.Description = ""
	require.Equal(t, svcdef.Service{
		Name:       "todo-api",
		Kind:       svcdef.KindHTTP,
		Owners:     []string{"@tsumiki-dev/todo"},
		Stack:      "todo-api",
		Command:    "todo-api",
		Local:      svcdef.Local{Args: []string{"serve"}, PortEnv: "TODO_API_PORT"},
		Migrations: "migrations",
		Reads:      []string{},
	}, api)
	require.Equal(t, "services/todo-api/migrations", api.MigrationsPath())
	require.Equal(t, "services/todo-api/cmd/todo-api", api.CommandPath())
	require.Equal(t, "terraform/stacks/todo-api", api.StackPath())

	require.NoError(t, svcdef.CheckTree(repoRoot(t), services), "what the definitions refer to exists")
}

func TestLoad_SortedAndIgnoresFoldersWithoutModule(t *testing.T) {
	root := writeTree(t, map[string]string{
		"services/zeta/service.yaml":  def("zeta"),
		"services/alpha/service.yaml": def("alpha"),
		"services/notes/README.md":    "not a service: no go.mod",
		"services/README.md":          "a file, not a folder",
	})
	services, err := svcdef.Load(root)
	require.NoError(t, err)
	require.Equal(t, []string{"alpha", "zeta"}, svcdef.Names(services))
	require.Equal(t, "", services[0].MigrationsPath())
	require.Equal(t, "services/alpha/service.yaml", services[0].File())
}

func TestLoad_Errors(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		wantErr []string
	}{
		{
			name:    "NameDiffersFromFolder",
			files:   map[string]string{"services/api/service.yaml": def("todo-api")},
			wantErr: []string{`services/api/service.yaml: name: must equal the folder name "api" (got "todo-api")`},
		},
		{
			name:    "ModuleWithoutDefinition",
			files:   map[string]string{"services/api/go.mod": "module api\n"},
			wantErr: []string{"services/api/service.yaml: missing"},
		},
		{
			name: "EveryBrokenFileAtOnce",
			files: map[string]string{
				"services/a/service.yaml": strings.Replace(def("a"), "kind: worker", "kind: cron", 1),
				"services/b/service.yaml": def("b") + "replicas: 2\n",
				"services/c/service.yaml": def("c"),
			},
			wantErr: []string{
				`services/a/service.yaml: kind: must be one of http, worker, lambda (got "cron")`,
				"services/b/service.yaml:9: replicas: unknown field",
			},
		},
		{
			name:    "NoServicesFolder",
			files:   map[string]string{"README.md": "empty repository"},
			wantErr: []string{"read service folders"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			services, err := svcdef.Load(writeTree(t, tt.files))
			require.Error(t, err)
			require.Nil(t, services)
			for _, want := range tt.wantErr {
				require.Contains(t, err.Error(), want)
			}
		})
	}
}

// TestParse_BadFixtures parses each testdata/bad/*.yaml as services/bad/service.yaml; the
// fixture's "# want: " lines are the substrings its error must contain.
func TestParse_BadFixtures(t *testing.T) {
	fixtures, err := filepath.Glob(filepath.Join("testdata", "bad", "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, fixtures)
	wantLine := regexp.MustCompile(`(?m)^# want: (.+)$`)
	for _, f := range fixtures {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".yaml"), func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			wants := wantLine.FindAllStringSubmatch(string(data), -1)
			require.NotEmpty(t, wants, "a fixture says what its error must contain")
			_, err = svcdef.Parse("services/bad/service.yaml", data)
			require.Error(t, err)
			for _, w := range wants {
				require.Contains(t, err.Error(), w[1])
			}
		})
	}
}

func TestParse_Valid(t *testing.T) {
	s, err := svcdef.Parse("services/mail/service.yaml", []byte(`name: mail
kind: lambda
description: Sends mail.
owners: ["@tsumiki-dev/mail", "mail@example.com"]
stack: mail
command: mail
local:
migrations: ""
`))
	require.NoError(t, err)
	require.Equal(t, svcdef.KindLambda, s.Kind)
	require.Empty(t, s.Local.Args)
}

func TestCheckTree(t *testing.T) {
	root := writeTree(t, map[string]string{
		"services/api/service.yaml":         strings.Replace(def("api"), "local:", "migrations: migrations\nreads: [docs/schema.sql]\nlocal:", 1),
		"services/api/cmd/other/main.go":    "package main",
		"terraform/stacks/api/main.tf":      "",
		"terraform/stg/api/main.tf":         "",
		"services/good/service.yaml":        def("good"),
		"services/good/cmd/good/main.go":    "package main",
		"terraform/stacks/good/main.tf":     "",
		"terraform/stg/good/main.tf":        "",
		"terraform/prd/good/main.tf":        "",
		"services/good/migrations/.gitkeep": "",
	})
	services, err := svcdef.Load(root)
	require.NoError(t, err)
	err = svcdef.CheckTree(root, services)
	require.Error(t, err)
	for _, want := range []string{
		"services/api/service.yaml: command: main package services/api/cmd/api does not exist",
		"services/api/service.yaml: migrations: migrations folder services/api/migrations does not exist",
		"services/api/service.yaml: stack: stack root terraform/prd/api does not exist",
		"services/api/service.yaml: reads[0]: path docs/schema.sql does not exist",
	} {
		require.Contains(t, err.Error(), want)
	}
	require.NotContains(t, err.Error(), "services/good/")
}

// TestFields fails when the yaml keys Parse accepts drift from the struct tags.
func TestFields(t *testing.T) {
	tags := func(v any) []string {
		var out []string
		typ := reflect.TypeOf(v)
		for i := range typ.NumField() {
			out = append(out, typ.Field(i).Tag.Get("yaml"))
		}
		return out
	}
	doc := "name: x\nkind: worker\ndescription: d\nowners: [\"@o/t\"]\nstack: x\ncommand: x\n"
	for _, key := range tags(svcdef.Service{}) {
		if key != "local" && !strings.Contains(doc, key+":") {
			doc += key + ": null\n"
		}
	}
	for _, key := range tags(svcdef.Local{}) {
		_, err := svcdef.Parse("f", []byte(doc+"local: {"+key+": null}\n"))
		require.NoError(t, err, "local.%s is a known field", key)
	}
	_, err := svcdef.Parse("f", []byte(doc+"local: null\n"))
	require.NoError(t, err, "every tagged field is a known field")
}

func TestEnvPrefix(t *testing.T) {
	require.Equal(t, "TODO_API", svcdef.EnvPrefix("todo-api"))
	require.Equal(t, "MAILER", svcdef.EnvPrefix("mailer"))
	require.Equal(t, "A2_B_C", svcdef.EnvPrefix("a2-b-c"))
}
