package examples_test

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestExamples_OutputChecked fails on an Example without an "// Output:" comment: go test
// compiles such an example but never runs it, so a sample could rot unnoticed.
func TestExamples_OutputChecked(t *testing.T) {
	fset := token.NewFileSet()
	var files []*ast.File
	require.NoError(t, filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		require.NoError(t, err)
		files = append(files, f)
		return nil
	}))
	examples := doc.Examples(files...)
	require.NotEmpty(t, examples, "no Example functions found")
	dirs := map[string]bool{}
	for _, ex := range examples {
		pos := fset.Position(ex.Code.Pos())
		dirs[filepath.Dir(pos.Filename)] = true
		require.Truef(t, ex.Output != "" || ex.EmptyOutput, "%s: Example%s has no // Output: comment, so go test never runs it", pos, ex.Name)
	}
	// Every sample package has at least one example.
	entries, err := os.ReadDir(".")
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() {
			require.Truef(t, dirs[e.Name()], "examples/%s has no Example test", e.Name())
		}
	}
}
