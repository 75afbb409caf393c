package main

import (
	"regexp"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestAnalyzers_Fixtures runs each check over its fixtures in testdata/src: each finding must
// be announced by a `// want` comment there, and each `// want` must be found. The fixtures
// also hold the findings the exclusions, //nolint directives and generated files drop.
func TestAnalyzers_Fixtures(t *testing.T) {
	fixtures := map[string][]string{
		"errcheck":    {"errs", "nolint", "gen"},
		"SA1019":      {"deprecated"},
		"ineffassign": {"ineff"},
		"misspell":    {"spelling"},
		"unused":      {"unusedpkg"},
	}
	byName := map[string]*analysis.Analyzer{}
	for _, a := range analyzers() {
		byName[a.Name] = a
	}
	for name, pkgs := range fixtures {
		t.Run(name, func(t *testing.T) {
			a := byName[name]
			if a == nil {
				t.Fatalf("no analyzer %s", name)
			}
			analysistest.Run(t, analysistest.TestData(), a, pkgs...)
		})
	}
}

// TestAnalyzers_Set checks the selection: go vet's printf is in, staticcheck's checks but the
// quick fixes and the six ST checks are in, every linter the configuration names is there,
// and the set is valid for the analysis framework (unique names, no cycles).
func TestAnalyzers_Set(t *testing.T) {
	all := analyzers()
	if err := analysis.Validate(all); err != nil {
		t.Fatalf("analysis.Validate: %v", err)
	}
	names := map[string]bool{}
	for _, a := range all {
		if names[a.Name] {
			t.Errorf("analyzer %s appears twice", a.Name)
		}
		names[a.Name] = true
	}
	for _, want := range []string{"printf", "copylocks", "SA1019", "SA4006", "S1000", "ST1005", "unused", "errcheck", "ineffassign", "misspell", "doccomment"} {
		if !names[want] {
			t.Errorf("analyzer %s is missing", want)
		}
	}
	for name := range names {
		if regexp.MustCompile(`^QF`).MatchString(name) || slices.Contains([]string{"ST1000", "ST1003", "ST1016", "ST1020", "ST1021", "ST1022"}, name) {
			t.Errorf("analyzer %s should be off", name)
		}
	}
}
