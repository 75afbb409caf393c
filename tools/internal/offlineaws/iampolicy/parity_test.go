package iampolicy

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/require"
)

// Environment of TestRealProviderParity.
const (
	// envProviderMirror is a terraform filesystem mirror directory holding hashicorp/aws
	// (registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/...).
	envProviderMirror = "TSUMIKI_AWS_PROVIDER_MIRROR"
	// envProviderVersion is the hashicorp/aws version in that mirror to compare with.
	envProviderVersion = "TSUMIKI_AWS_PROVIDER_VERSION"
)

// TestRealProviderParity runs every case of this package's tables through the real
// hashicorp/aws provider with terraform, offline (the data source never calls AWS; the
// provider block skips every credential and metadata check), and compares: json,
// minified_json and id of the cases that render, the diagnostics of the cases that fail.
// Our side goes through Validate and Read on the same configuration as tftypes values, the
// path the offline provider takes.
//
// It needs terraform on PATH and a filesystem mirror holding the provider, so it runs only
// when asked: TSUMIKI_AWS_PROVIDER_MIRROR=/opt/tf-plugins TSUMIKI_AWS_PROVIDER_VERSION=5.100.0
// (the mirror on the team's machine; no 6.x binary can be downloaded here). Each run starts
// three terraform processes with a ~700 MB provider: about a minute of CPU.
func TestRealProviderParity(t *testing.T) {
	mirror, version := os.Getenv(envProviderMirror), os.Getenv(envProviderVersion)
	if mirror == "" || version == "" {
		t.Skipf("not run: set %s (a terraform filesystem mirror with hashicorp/aws) and %s to compare with the real provider, e.g. %s=/opt/tf-plugins %s=5.100.0",
			envProviderMirror, envProviderVersion, envProviderMirror, envProviderVersion)
	}
	_, err := exec.LookPath("terraform")
	require.NoError(t, err, "terraform on PATH")

	cliConfig := filepath.Join(t.TempDir(), "cli.tfrc")
	require.NoError(t, os.WriteFile(cliConfig, fmt.Appendf(nil,
		"provider_installation {\n  filesystem_mirror {\n    path    = %q\n    include = [\"registry.terraform.io/hashicorp/aws\"]\n  }\n}\n", mirror), 0o600))
	tf := &terraformRunner{t: t, cliConfig: cliConfig, version: version}

	t.Run("Renders", func(t *testing.T) {
		var cases []parityCase
		for _, group := range [][]renderCase{acceptanceCases(), documentationCases(), modelCases()} {
			for _, rc := range group {
				cases = append(cases, parityCase{name: rc.name, source: rc.source, cfg: rc.cfg(t)})
			}
		}
		dir := tf.workspace(cases, true)
		tf.run(dir, "init", "-input=false", "-no-color")
		tf.run(dir, "apply", "-auto-approve", "-input=false", "-no-color")
		out := tf.run(dir, "output", "-json")
		var outputs map[string]struct {
			Value map[string]string `json:"value"`
		}
		require.NoError(t, json.Unmarshal(out, &outputs))

		for i, c := range cases {
			real, ok := outputs[c.label(i)]
			require.True(t, ok, "output for %s", c.name)
			state, err := Read(configTFTypes(c.cfg))
			require.NoError(t, err, c.source)
			require.Empty(t, errorsOf(Validate(configTFTypes(c.cfg))), c.source)
			for _, attr := range []string{"json", "minified_json", "id"} {
				require.Equal(t, real.Value[attr], attrString(t, state, attr), "%s: %s (%s)", attr, c.name, c.source)
			}
		}
	})

	t.Run("RandomConfigs", func(t *testing.T) {
		// Many generated configurations stress what no table pins down: the set order of
		// principals and conditions blocks, sorting, escaping, merging.
		cases := randomCases(rand.New(rand.NewPCG(2026, 12)), 150)
		dir := tf.workspace(cases, true)
		tf.run(dir, "init", "-input=false", "-no-color")
		tf.run(dir, "apply", "-auto-approve", "-input=false", "-no-color")
		out := tf.run(dir, "output", "-json")
		var outputs map[string]struct {
			Value map[string]string `json:"value"`
		}
		require.NoError(t, json.Unmarshal(out, &outputs))
		for i, c := range cases {
			state, err := Read(configTFTypes(c.cfg))
			require.NoError(t, err, c.name)
			for _, attr := range []string{"json", "minified_json", "id"} {
				require.Equal(t, outputs[c.label(i)].Value[attr], attrString(t, state, attr), "%s of %s", attr, c.name)
			}
		}
	})

	for _, phase := range []string{"validate", ""} {
		t.Run("Errors"+map[string]string{"validate": "AtValidate", "": "AtRead"}[phase], func(t *testing.T) {
			var cases []parityCase
			for _, ec := range errorCases() {
				if ec.provider == phase {
					cases = append(cases, parityCase{name: ec.name, source: ec.source, cfg: ec.cfg, wantPattern: ec.wantPattern, goTypeNames: ec.goTypeNames})
				}
			}
			dir := tf.workspace(cases, false)
			tf.run(dir, "init", "-input=false", "-no-color")
			var diags []tfDiagnostic
			if phase == "validate" {
				diags = tf.validateDiagnostics(dir)
			} else {
				diags = tf.planDiagnostics(dir)
			}
			byCase := map[string][]string{}
			for _, d := range diags {
				if d.Severity == "error" {
					label := caseOfDiagnostic(d, cases)
					byCase[label] = append(byCase[label], d.Summary)
				}
			}
			for i, c := range cases {
				got := byCase[c.label(i)]
				require.Len(t, got, 1, "%s: real diagnostics %q (all: %v)", c.name, got, byCase)
				ours := ourErrors(t, c.cfg, phase)
				require.Len(t, ours, 1, "%s: our errors %q", c.name, ours)
				if !c.goTypeNames {
					require.Equal(t, got[0], ours[0], "%s (%s)", c.name, c.source)
				}
				if c.wantPattern != "" {
					require.Regexp(t, c.wantPattern, got[0], "%s (%s)", c.name, c.source)
				}
			}
		})
	}
}

// parityCase is one data source of a parity workspace.
type parityCase struct {
	name, source string
	cfg          Config
	wantPattern  string
	goTypeNames  bool
}

// label is the data source's and output's name in the workspace.
func (c parityCase) label(i int) string { return fmt.Sprintf("c%02d", i) }

// ourErrors returns the error messages of Validate (phase "validate") or Read.
func ourErrors(t *testing.T, cfg Config, phase string) []string {
	t.Helper()
	if phase == "validate" {
		return errorsOf(Validate(configTFTypes(cfg)))
	}
	if _, err := Read(configTFTypes(cfg)); err != nil {
		return []string{err.Error()}
	}
	return nil
}

// errorsOf returns the summaries of the error diagnostics.
func errorsOf(diags []Diagnostic) []string {
	var out []string
	for _, d := range diags {
		if !d.Warning {
			out = append(out, d.Summary)
		}
	}
	return out
}

// terraformRunner runs terraform against the mirror.
type terraformRunner struct {
	t         *testing.T
	cliConfig string
	version   string
}

// workspace writes a root module with one data source per case; with outputs, one output
// per case holding json, minified_json and id.
func (r *terraformRunner) workspace(cases []parityCase, outputs bool) string {
	dir := r.t.TempDir()
	var b strings.Builder
	fmt.Fprintf(&b, `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = %q }
  }
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "AKIAIOSFODNN7EXAMPLE"
  secret_key                  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
`, r.version)
	for i, c := range cases {
		writeDataSourceHCL(&b, c.label(i), c.cfg)
		if outputs {
			fmt.Fprintf(&b, "output %q {\n  value = {\n    json          = data.aws_iam_policy_document.%[1]s.json\n    minified_json = data.aws_iam_policy_document.%[1]s.minified_json\n    id            = data.aws_iam_policy_document.%[1]s.id\n  }\n}\n", c.label(i))
		}
	}
	require.NoError(r.t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(b.String()), 0o600))
	return dir
}

// run runs terraform in dir and returns its stdout; it fails the test on a non-zero exit.
func (r *terraformRunner) run(dir string, args ...string) []byte {
	r.t.Helper()
	out, stderr, err := r.exec(dir, args...)
	require.NoError(r.t, err, "terraform %s: %s%s", strings.Join(args, " "), out, stderr)
	return out
}

// exec runs terraform in dir.
func (r *terraformRunner) exec(dir string, args ...string) (stdout, stderr []byte, err error) {
	cmd := exec.CommandContext(context.Background(), "terraform", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+r.cliConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"TF_DATA_DIR="+filepath.Join(dir, ".terraform"))
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.Bytes(), e.Bytes(), err
}

// tfDiagnostic is a diagnostic of terraform's machine-readable output.
type tfDiagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Address  string `json:"address"`
	Snippet  *struct {
		Context string `json:"context"`
	} `json:"snippet"`
}

// validateDiagnostics runs terraform validate -json (which fails on errors).
func (r *terraformRunner) validateDiagnostics(dir string) []tfDiagnostic {
	out, _, _ := r.exec(dir, "validate", "-json", "-no-color")
	var res struct {
		Diagnostics []tfDiagnostic `json:"diagnostics"`
	}
	require.NoError(r.t, json.Unmarshal(out, &res), "terraform validate -json: %s", out)
	return res.Diagnostics
}

// planDiagnostics runs terraform plan -json (which fails on errors).
func (r *terraformRunner) planDiagnostics(dir string) []tfDiagnostic {
	out, _, _ := r.exec(dir, "plan", "-json", "-input=false", "-no-color")
	var diags []tfDiagnostic
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var line struct {
			Type       string        `json:"type"`
			Diagnostic *tfDiagnostic `json:"diagnostic"`
		}
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Type == "diagnostic" && line.Diagnostic != nil {
			diags = append(diags, *line.Diagnostic)
		}
	}
	require.NoError(r.t, sc.Err())
	return diags
}

// dataSourceLabel finds the data source's name in an address or snippet context.
var dataSourceLabel = regexp.MustCompile(`aws_iam_policy_document[." ]+"?(c\d\d)`)

// caseOfDiagnostic returns the label of the data source a diagnostic is about, or "".
func caseOfDiagnostic(d tfDiagnostic, _ []parityCase) string {
	for _, s := range []string{d.Address, snippetContext(d)} {
		if m := dataSourceLabel.FindStringSubmatch(s); m != nil {
			return m[1]
		}
	}
	return ""
}

func snippetContext(d tfDiagnostic) string {
	if d.Snippet == nil {
		return ""
	}
	return d.Snippet.Context
}

// writeDataSourceHCL writes a data source block for cfg.
func writeDataSourceHCL(b *strings.Builder, label string, cfg Config) {
	fmt.Fprintf(b, "data \"aws_iam_policy_document\" %q {\n", label)
	if cfg.Version != "" {
		fmt.Fprintf(b, "  version = %s\n", hclString(cfg.Version))
	}
	if cfg.PolicyID != "" {
		fmt.Fprintf(b, "  policy_id = %s\n", hclString(cfg.PolicyID))
	}
	if cfg.SourcePolicyDocuments != nil {
		fmt.Fprintf(b, "  source_policy_documents = %s\n", hclList(cfg.SourcePolicyDocuments))
	}
	if cfg.OverridePolicyDocuments != nil {
		fmt.Fprintf(b, "  override_policy_documents = %s\n", hclList(cfg.OverridePolicyDocuments))
	}
	for _, st := range cfg.Statements {
		b.WriteString("  statement {\n")
		if st.Sid != "" {
			fmt.Fprintf(b, "    sid = %s\n", hclString(st.Sid))
		}
		if st.Effect != "" {
			fmt.Fprintf(b, "    effect = %s\n", hclString(st.Effect))
		}
		for _, a := range []struct {
			name string
			vals []string
		}{{"actions", st.Actions}, {"not_actions", st.NotActions}, {"resources", st.Resources}, {"not_resources", st.NotResources}} {
			if a.vals != nil {
				fmt.Fprintf(b, "    %s = %s\n", a.name, hclList(a.vals))
			}
		}
		for _, p := range []struct {
			name   string
			blocks []PrincipalConfig
		}{{"principals", st.Principals}, {"not_principals", st.NotPrincipals}} {
			for _, pc := range p.blocks {
				fmt.Fprintf(b, "    %s {\n      type = %s\n      identifiers = %s\n    }\n", p.name, hclString(pc.Type), hclList(pc.Identifiers))
			}
		}
		for _, c := range st.Conditions {
			fmt.Fprintf(b, "    condition {\n      test = %s\n      variable = %s\n      values = %s\n    }\n", hclString(c.Test), hclString(c.Variable), hclList(c.Values))
		}
		b.WriteString("  }\n")
	}
	b.WriteString("}\n")
}

// hclString quotes s as an HCL string literal that evaluates to s (no interpolation).
func hclString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`, "${", "$${", "%{", "%%{")
	return `"` + r.Replace(s) + `"`
}

// hclList writes a list of string literals.
func hclList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = hclString(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// configTFTypes builds the config object terraform would send for cfg (the schema types of
// read_test.go).
func configTFTypes(cfg Config) tftypes.Value {
	attrs := map[string]tftypes.Value{}
	if cfg.Version != "" {
		attrs["version"] = str(cfg.Version)
	}
	if cfg.PolicyID != "" {
		attrs["policy_id"] = str(cfg.PolicyID)
	}
	if cfg.SourcePolicyDocuments != nil {
		attrs["source_policy_documents"] = strs(stringList, cfg.SourcePolicyDocuments...)
	}
	if cfg.OverridePolicyDocuments != nil {
		attrs["override_policy_documents"] = strs(stringList, cfg.OverridePolicyDocuments...)
	}
	stmts := make([]tftypes.Value, 0, len(cfg.Statements))
	for _, st := range cfg.Statements {
		fields := map[string]tftypes.Value{}
		if st.Sid != "" {
			fields["sid"] = str(st.Sid)
		}
		if st.Effect != "" {
			fields["effect"] = str(st.Effect)
		}
		for name, vals := range map[string][]string{"actions": st.Actions, "not_actions": st.NotActions, "resources": st.Resources, "not_resources": st.NotResources} {
			if vals != nil {
				fields[name] = strs(stringSet, dedupe(vals)...)
			}
		}
		for name, blocks := range map[string][]PrincipalConfig{"principals": st.Principals, "not_principals": st.NotPrincipals} {
			vals := make([]tftypes.Value, 0, len(blocks))
			for _, p := range blocks {
				vals = append(vals, principalValue(p.Type, dedupe(p.Identifiers)...))
			}
			fields[name] = tftypes.NewValue(tftypes.Set{ElementType: principalT}, vals)
		}
		conds := make([]tftypes.Value, 0, len(st.Conditions))
		for _, c := range st.Conditions {
			conds = append(conds, tftypes.NewValue(conditionT, map[string]tftypes.Value{
				"test": str(c.Test), "variable": str(c.Variable), "values": strs(stringList, c.Values...),
			}))
		}
		fields["condition"] = tftypes.NewValue(tftypes.Set{ElementType: conditionT}, conds)
		stmts = append(stmts, statementValue(fields))
	}
	return configValue(attrs, stmts...)
}

// dedupe returns the distinct strings of a set, sorted (a tftypes set holds each once).
func dedupe(ss []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// randomCases generates n valid configurations (no duplicate Sids, distinct set elements).
func randomCases(rng *rand.Rand, n int) []parityCase {
	pick := func(options ...string) string { return options[rng.IntN(len(options))] }
	word := func() string {
		return pick("s3", "iam", "kms", "a", "b", "Z", "x&y", "<tag>", "home/&{aws:username}", "*", "arn:aws:s3:::bkt/*", "", "ünï")
	}
	words := func(min, max int) []string {
		seen := map[string]bool{}
		var out []string
		for range min + rng.IntN(max-min+1) {
			w := word() + pick("", ":Get", ":Put", "/1", "/2")
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
		return out
	}
	statement := func(sid string) StatementConfig {
		st := StatementConfig{Sid: sid, Effect: pick("", "Allow", "Deny")}
		if rng.IntN(4) > 0 {
			st.Actions = words(1, 4)
		} else {
			st.NotActions = words(1, 3)
		}
		if rng.IntN(3) > 0 {
			st.Resources = words(1, 4)
		}
		if rng.IntN(5) == 0 {
			st.NotResources = words(1, 2)
		}
		seen := map[string]bool{}
		for range rng.IntN(4) {
			p := PrincipalConfig{Type: pick("AWS", "AWS", "Service", "Federated", "*", "CanonicalUser"), Identifiers: words(1, 3)}
			if p.Identifiers == nil {
				continue
			}
			key := serializePrincipalsBlock(p)
			if !seen[key] {
				seen[key] = true
				if rng.IntN(6) == 0 {
					st.NotPrincipals = append(st.NotPrincipals, p)
				} else {
					st.Principals = append(st.Principals, p)
				}
			}
		}
		for range rng.IntN(5) {
			c := ConditionConfig{
				Test:     pick("StringEquals", "StringLike", "Bool"),
				Variable: pick("aws:SourceArn", "s3:prefix", "aws:SecureTransport"),
				Values:   words(0, 3),
			}
			if c.Values == nil {
				c.Values = []string{}
			}
			key := serializeConditionBlock(c)
			if !seen[key] {
				seen[key] = true
				st.Conditions = append(st.Conditions, c)
			}
		}
		return st
	}
	config := func(prefix string) Config {
		cfg := Config{Version: pick("", "2012-10-17"), PolicyID: pick("", "", "pid-"+prefix)}
		for i := range 1 + rng.IntN(3) {
			cfg.Statements = append(cfg.Statements, statement(pick("", "", prefix+fmt.Sprint(i))))
		}
		return cfg
	}

	cases := make([]parityCase, 0, n)
	for i := range n {
		cfg := config(fmt.Sprintf("S%d", i))
		// Some cases merge documents rendered from other generated configurations.
		if rng.IntN(3) == 0 {
			src, _ := Compute(config("Src"))
			cfg.SourcePolicyDocuments = []string{src.JSON, pick("", `{"Statement":[{"Sid":"Lit","Effect":"Deny","Action":["b","a"],"Principal":{"AWS":["2","1"]},"Condition":{"Bool":{"x":true}}}]}`)}
		}
		if rng.IntN(3) == 0 {
			over, _ := Compute(config("S" + fmt.Sprint(i)))
			cfg.OverridePolicyDocuments = []string{over.MinifiedJSON}
		}
		cases = append(cases, parityCase{name: fmt.Sprintf("random %d", i), cfg: cfg})
	}
	return cases
}
