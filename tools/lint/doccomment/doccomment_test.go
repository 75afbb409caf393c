package doccomment_test

import (
	"testing"

	"github.com/tsumiki-dev/tsumiki/tools/lint/doccomment"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestAnalyzer runs the analyzer over the fixtures: every `// want` is a finding it must report
// and every other finding fails the test.
func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), doccomment.Analyzer, "lib", "mainpkg", "nodoc", "detached", "wrongform")
}
