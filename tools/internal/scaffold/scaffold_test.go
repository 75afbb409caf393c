package scaffold

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/tsumiki-dev/tsumiki/tools/internal/docslint"
	"github.com/tsumiki-dev/tsumiki/tools/internal/naming"
	"github.com/tsumiki-dev/tsumiki/tools/internal/repotests"
	"github.com/tsumiki-dev/tsumiki/tools/internal/scratchgit"
)

// repoRoot is the repository this package lives in.
const repoRoot = "../../.."

func TestValidateName(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		wantErr string
	}{
		{name: "Simple", input: "demo"},
		{name: "Hyphenated", input: "billing-api-2"},
		{name: "LongestAllowed", input: "a" + strings.Repeat("b", MaxNameLength()-1)},
		{name: "Empty", input: "", wantErr: "NAME is required"},
		{name: "UpperCase", input: "Demo", wantErr: "lower-case letters"},
		{name: "Underscore", input: "demo_api", wantErr: "lower-case letters"},
		{name: "DoubleHyphen", input: "demo--api", wantErr: "single hyphens"},
		{name: "LeadingDigit", input: "9demo", wantErr: "starting with a letter"},
		{name: "TooLong", input: strings.Repeat("a", MaxNameLength()+1), wantErr: "at most 34"},
		{name: "Reserved", input: "shared", wantErr: "reserved"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateName(tt.input)
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrInvalid)
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}

// TestMaxNameLength checks the limit against the naming module's Go port: at the limit every
// name the stacks derive fits unshortened; one more character shortens one.
func TestMaxNameLength(t *testing.T) {
	fits := func(name string) bool {
		for _, in := range longestNames {
			in.Environment, in.Service = "prd", name
			n, err := naming.New(in)
			require.NoError(t, err)
			if n.Truncated {
				return false
			}
		}
		return true
	}
	require.True(t, fits(strings.Repeat("a", MaxNameLength())))
	require.False(t, fits(strings.Repeat("a", MaxNameLength()+1)))
}

func TestParseKind(t *testing.T) {
	k, err := ParseKind("worker")
	require.NoError(t, err)
	require.Equal(t, KindWorker, k)
	_, err = ParseKind("cron")
	require.ErrorIs(t, err, ErrInvalid)
	require.ErrorContains(t, err, "one of: http worker lambda")
}

// TestNewMk_Kinds keeps mk/new.mk's list of kinds (make checks KIND before Go runs) equal to
// Kinds.
func TestNewMk_Kinds(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, "mk", "new.mk"))
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^NEW_KINDS := (.*)$`).FindSubmatch(b)
	require.NotNil(t, m, "mk/new.mk has no NEW_KINDS := line")
	require.Equal(t, KindNames(), strings.Fields(string(m[1])))
}

func TestGenerate_RefusesExisting(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "terraform", "stacks", "demo"), 0o755))
	_, err := Generate(t.Context(), Options{Root: root, Name: "demo", Kind: KindHTTP, SkipTidy: true})
	require.ErrorIs(t, err, ErrExists)
	require.ErrorContains(t, err, "terraform/stacks/demo")
	_, err = os.Stat(filepath.Join(root, "services"))
	require.ErrorIs(t, err, os.ErrNotExist, "nothing may be written when the name is taken")
}

func TestGenerate_RefusesInvalid(t *testing.T) {
	_, err := Generate(t.Context(), Options{Root: t.TempDir(), Name: "demo", Kind: "cron"})
	require.ErrorIs(t, err, ErrInvalid)
	_, err = Generate(t.Context(), Options{Root: t.TempDir(), Name: "Demo", Kind: KindHTTP})
	require.ErrorIs(t, err, ErrInvalid)
}

func testData(k Kind) data {
	return data{
		Name: "demo-" + string(k), Kind: k, Ident: "demo_" + string(k), Var: "DEMO_" + strings.ToUpper(string(k)),
		Module: "github.com/tsumiki-dev/tsumiki/services/demo-" + string(k), Description: "A demo.",
		Owners: []string{"@tsumiki-dev/platform"}, GoVersion: "1.26", Port: 8081,
		Versions: map[string]string{
			"github.com/stretchr/testify": "v1.0.0", "github.com/aws/aws-lambda-go": "v1.0.0",
			"github.com/aws/aws-sdk-go-v2": "v1.0.0", "github.com/aws/aws-sdk-go-v2/service/sqs": "v1.0.0",
		},
	}
}

// TestRender renders every kind: the Go files parse, service.yaml has the contract's fields,
// and each environment gets a root.
func TestRender(t *testing.T) {
	for _, k := range Kinds {
		t.Run(string(k), func(t *testing.T) {
			d := testData(k)
			files, err := Render(d)
			require.NoError(t, err)
			for _, want := range []string{
				"services/" + d.Name + "/service.yaml", "services/" + d.Name + "/go.mod", "services/" + d.Name + "/Makefile",
				"services/" + d.Name + "/cmd/" + d.Name + "/main.go", "terraform/stacks/" + d.Name + "/main.tf",
				"terraform/stg/" + d.Name + "/backend.tf", "terraform/prd/" + d.Name + "/backend.tf",
			} {
				require.Contains(t, files, want)
			}
			require.Contains(t, string(files["terraform/prd/"+d.Name+"/backend.tf"]), `key          = "prd/`+d.Name+`/terraform.tfstate"`)
			for p, b := range files {
				require.NotContains(t, p, "__", "a path placeholder was left in %s", p)
				if strings.HasSuffix(p, ".go") {
					_, err := parser.ParseFile(token.NewFileSet(), p, b, parser.ParseComments)
					require.NoError(t, err, "%s does not parse", p)
				}
			}
			var def struct {
				Name    string   `yaml:"name"`
				Kind    string   `yaml:"kind"`
				Owners  []string `yaml:"owners"`
				Stack   string   `yaml:"stack"`
				Command string   `yaml:"command"`
				Local   struct {
					Args    []string `yaml:"args"`
					PortEnv string   `yaml:"port_env"`
				} `yaml:"local"`
			}
			require.NoError(t, yaml.Unmarshal(files["services/"+d.Name+"/service.yaml"], &def))
			require.Equal(t, d.Name, def.Name)
			require.Equal(t, string(k), def.Kind)
			require.Equal(t, d.Name, def.Stack)
			require.Equal(t, d.Name, def.Command)
			require.NotEmpty(t, def.Local.Args)
			require.Equal(t, k == KindHTTP, def.Local.PortEnv != "", "only http services have a port_env")
		})
	}
}

// TestDesignDoc lints the design doc of every kind with the docs lint itself (mermaid aside:
// the scratch-clone check parses the diagrams), against the real TEMPLATE.md.
func TestDesignDoc(t *testing.T) {
	for _, k := range Kinds {
		t.Run(string(k), func(t *testing.T) {
			d := testData(k)
			doc, err := DesignDoc(repoRoot, d)
			require.NoError(t, err)
			root := t.TempDir()
			tmpl, err := os.ReadFile(filepath.Join(repoRoot, "design-docs", "TEMPLATE.md"))
			require.NoError(t, err)
			for p, b := range map[string][]byte{
				"design-docs/TEMPLATE.md":              tmpl,
				"design-docs/" + d.Name + ".md":        doc,
				"README.md":                            []byte("# readme\n"),
				"services/" + d.Name + "/go.mod":       []byte("module x\n"),
				"terraform/stacks/" + d.Name + "/x.tf": nil,
			} {
				require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(root, p)), 0o755))
				require.NoError(t, os.WriteFile(filepath.Join(root, p), b, 0o644))
			}
			findings, err := docslint.Linter{Root: root}.Run(t.Context())
			require.NoError(t, err)
			require.Empty(t, findings)
		})
	}
}

func TestDesignDoc_UnknownSection(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "design-docs"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "design-docs", "TEMPLATE.md"), []byte("# x\n\n## Service\n\n_hint_\n\n## Launch plan\n\n_hint_\n"), 0o644))
	_, err := DesignDoc(root, testData(KindHTTP))
	require.ErrorContains(t, err, `section "Launch plan"`)
}

func TestAddEnvOutput(t *testing.T) {
	file := filepath.Join(t.TempDir(), "outputs.tf")
	block := func(n string) string {
		return "output \"" + n + "\" {\n  description = \"d\"\n  value       = local." + n + "\n}\n"
	}
	require.NoError(t, os.WriteFile(file, []byte(block("alpha")+"\n"+block("zulu")), 0o644))
	d := testData(KindHTTP)
	d.Ident = "mike"
	require.NoError(t, addEnvOutput(file, d))
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	require.Equal(t, block("alpha")+"\n"+strings.Replace(block("mike"), `"d"`, `"Settings of the demo-http stack."`, 1)+"\n"+block("zulu"), string(b))
	require.ErrorIs(t, addEnvOutput(file, d), ErrExists)
}

func TestAddApplyOrder(t *testing.T) {
	file := filepath.Join(t.TempDir(), "README.md")
	require.NoError(t, os.WriteFile(file, []byte("x\n\nStacks, in apply order: `network` → `shared`.\n`make tf/stacks` lists them.\n"), 0o644))
	require.NoError(t, addApplyOrder(file, testData(KindWorker)))
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	require.Contains(t, string(b), "Stacks, in apply order: `network` → `shared` → `demo-worker`.\n`make tf/stacks`")
}

// TestChecks_MakeTargetsExist fails when a make target the scratch-clone checks run is renamed
// or removed, so the checks cannot silently stop checking.
func TestChecks_MakeTargetsExist(t *testing.T) {
	var mk []byte
	files, err := filepath.Glob(filepath.Join(repoRoot, "mk", "*.mk"))
	require.NoError(t, err)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		mk = append(mk, b...)
	}
	services := map[string]Kind{"demo-http": KindHTTP, "demo-lambda": KindLambda}
	steps := append(ScaffoldSteps(services), Checks(services, []string{"design-docs/demo-http.md"}, "rc", "data", []repotests.Package{{Dir: "./internal/svcdef", Tests: []string{"TestLoad_Repository"}}})...)
	require.NotEmpty(t, steps)
	targets := 0
	for _, s := range steps {
		if s.Args[0] != "make" {
			continue
		}
		target := s.Args[1]
		targets++
		require.Regexp(t, regexp.MustCompile(`(?m)^(\S+ )*`+regexp.QuoteMeta(target)+`( \S+)*:`), string(mk), "step %q runs make %s, which no mk/*.mk defines", s.Name, target)
	}
	require.Greater(t, targets, 5)
}

// TestToolTests: after a scaffold, the tools tests that check what it wrote are selected
// (definitions, CODEOWNERS, the deploy workflow, make test's steps, the names golden file),
// and fixture-only tests next to them are not.
func TestToolTests(t *testing.T) {
	written := []string{
		".github/workflows/deploy.yml",
		"design-docs/demo.md",
		"go.work",
		"libs/kit/envnames/envnames.go",
		"services/demo/Makefile",
		"services/demo/cmd/demo/main.go",
		"services/demo/service.yaml",
		"terraform/README.md",
		"terraform/prd/demo/main.tf",
		"terraform/stacks/demo/main.tf",
		"terraform/stg/env/main.tf",
		NamesGolden,
	}
	pkgs, err := ToolTests(filepath.Join(repoRoot, "tools"), written)
	require.NoError(t, err)
	got := map[string][]string{}
	for _, p := range pkgs {
		got[p.Dir] = p.Tests
	}
	for dir, tests := range map[string][]string{
		"./internal/svcdef":         {"TestLoad_Repository", "TestCheckCodeowners_Repository", "TestGenerateDeployWorkflow_Committed"},
		"./internal/workflowpolicy": {"TestCheckDir_Repository"},
		"./internal/affected":       {"TestSteps_CoverEveryTestStep"},
		"./internal/namestability":  {"TestRender_Golden"},
		"./internal/envcheck":       {"TestServices_ReadListedNames"},
		"./cmd/deploynames":         {"TestRun"},
		"./deploy":                  {"TestResolve", "TestMake_BadInput"},
		"./internal/tfpolicy":       {"TestCheck_Repository"},
	} {
		for _, test := range tests {
			require.Contains(t, got[dir], test, "%s: %s reads what the scaffold wrote", dir, test)
		}
	}
	require.NotContains(t, got["./internal/affected"], "TestRepository_Compute", "a fixture repository's test")
	require.NotContains(t, got["./deploy"], "TestDeploy_ECS_BuildsPushesMigratesRollsOut", "fakes only")
	require.NotContains(t, got, "./internal/buildlist", "fixture workspaces only")
	require.NotContains(t, got, "./internal/scaffold")
}

func TestCopyOf(t *testing.T) {
	with, err := copyOf(repoRoot, "terraform/stacks/*/versions.tf?required_providers")
	require.NoError(t, err)
	require.Contains(t, string(with), "hashicorp/aws")
	without, err := copyOf(repoRoot, "terraform/stacks/*/versions.tf!required_providers")
	require.NoError(t, err)
	require.NotContains(t, string(without), "required_providers")
	require.Contains(t, string(without), "required_version")
	_, err = copyOf(repoRoot, "terraform/stacks/*/versions.tf?no such text")
	require.ErrorContains(t, err, "no terraform/stacks/*/versions.tf?no such text to copy from")
}

// TestRender_HelpLinesFit renders the Makefile for the longest name: `make help` prints each
// target and its description on one line of at most 100 columns (help/lint).
func TestRender_HelpLinesFit(t *testing.T) {
	for _, k := range Kinds {
		d := testData(k)
		d.Name = strings.Repeat("a", MaxNameLength())
		files, err := Render(d)
		require.NoError(t, err)
		mk := files["services/"+d.Name+"/Makefile"]
		require.NotEmpty(t, mk)
		n := 0
		for _, line := range strings.Split(string(mk), "\n") {
			target, desc, ok := strings.Cut(line, "## ")
			if !ok || strings.HasPrefix(line, "#") {
				continue
			}
			n++
			target = strings.TrimSuffix(strings.Fields(target)[0], ":")
			require.LessOrEqual(t, 2+len(target)+1+len(desc), 100, "%s: %q", k, line)
		}
		require.Equal(t, 3, n, "%s: build, run and test have a description", k)
	}
}

// TestCleanEnv: the clone's steps run with the caller's environment less what names the
// source checkout or narrows make test (make test runs new/verify with ROOT set).
func TestCleanEnv(t *testing.T) {
	t.Setenv("ROOT", "/the/source")
	t.Setenv("AFFECTED", "1")
	t.Setenv("SCAFFOLD_FULL", "1")
	t.Setenv("MAKEFLAGS", "-s")
	t.Setenv("SCAFFOLD_KEEP_ME", "yes")
	env := cleanEnv()
	require.Contains(t, env, "SCAFFOLD_KEEP_ME=yes")
	for _, kv := range env {
		for _, name := range []string{"ROOT=", "AFFECTED=", "SCAFFOLD_FULL=", "MAKEFLAGS="} {
			require.False(t, strings.HasPrefix(kv, name), "%s reaches the clone: %s", name, kv)
		}
	}
}

// TestScaffoldedFailuresOnly: a package that fails without the scaffold too is go/test's to
// report, not new/verify's; one that fails only with it is new/verify's failure. Only the
// tests of the step's -run pattern count.
func TestScaffoldedFailuresOnly(t *testing.T) {
	module := func(t *testing.T, goodPasses bool) string {
		t.Helper()
		dir := t.TempDir()
		files := map[string]string{
			"go.mod":          "module example.com/tools\n\ngo 1.26\n",
			"bad/bad_test.go": "package bad\n\nimport \"testing\"\n\nfunc TestBroken(t *testing.T) { t.Fatal(\"broken before the scaffold\") }\n",
			"good/good_test.go": fmt.Sprintf("package good\n\nimport \"testing\"\n\nfunc TestGood(t *testing.T) { if !%t { t.Fatal(\"broken by the scaffold\") } }\n", goodPasses) +
				"\nfunc TestNotSelected(t *testing.T) { t.Fatal(\"outside the -run pattern\") }\n",
		}
		for name, text := range files {
			require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
		}
		return dir
	}
	pristine := module(t, true)
	pristineFunc := func() (string, error) { return pristine, nil }
	pkgs := []string{"./bad", "./good"}
	const run = "^(TestBroken|TestGood)$"

	t.Run("FailsBeforeTooIsANote", func(t *testing.T) {
		var out bytes.Buffer
		fresh, err := scaffoldedFailuresOnly(t.Context(), &out, module(t, true), run, pkgs, pristineFunc)
		require.NoError(t, err)
		require.False(t, fresh)
		require.Contains(t, out.String(), "./bad fail(s) without the scaffold too")
	})
	t.Run("FailsOnlyWithTheScaffold", func(t *testing.T) {
		var out bytes.Buffer
		fresh, err := scaffoldedFailuresOnly(t.Context(), &out, module(t, false), run, pkgs, pristineFunc)
		require.NoError(t, err)
		require.True(t, fresh)
	})
}

// TestChangedFiles: what differs from the clone's commit is what the scaffold wrote: new files
// (in new folders too), edited ones, and the new name of a renamed one; ignored files are not.
func TestChangedFiles(t *testing.T) {
	r := scratchgit.New(t)
	r.Write(map[string]string{".gitignore": "/.local/\n", "go.work": "go 1.26\n", "old.md": "old\n", "README.md": "readme\n"})
	r.Commit("base")
	r.Write(map[string]string{"go.work": "go 1.26\n\nuse ./services/demo\n", "services/demo/cmd/demo/main.go": "package main\n", ".local/state": "x\n"})
	r.Git("mv", "old.md", "design-docs.md")

	got, err := changedFiles(t.Context(), r.Dir)
	require.NoError(t, err)
	require.Equal(t, []string{"design-docs.md", "go.work", "services/demo/cmd/demo/main.go"}, got)
}
