package main

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/golangci/misspell"
	"github.com/gordonklaus/ineffassign/pkg/ineffassign"
	"github.com/kisielk/errcheck/errcheck"
	"github.com/tsumiki-dev/tsumiki/tools/lint/doccomment"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/appends"
	"golang.org/x/tools/go/analysis/passes/asmdecl"
	"golang.org/x/tools/go/analysis/passes/assign"
	"golang.org/x/tools/go/analysis/passes/atomic"
	"golang.org/x/tools/go/analysis/passes/bools"
	"golang.org/x/tools/go/analysis/passes/buildtag"
	"golang.org/x/tools/go/analysis/passes/cgocall"
	"golang.org/x/tools/go/analysis/passes/composite"
	"golang.org/x/tools/go/analysis/passes/copylock"
	"golang.org/x/tools/go/analysis/passes/defers"
	"golang.org/x/tools/go/analysis/passes/directive"
	"golang.org/x/tools/go/analysis/passes/errorsas"
	"golang.org/x/tools/go/analysis/passes/framepointer"
	"golang.org/x/tools/go/analysis/passes/hostport"
	"golang.org/x/tools/go/analysis/passes/httpresponse"
	"golang.org/x/tools/go/analysis/passes/ifaceassert"
	"golang.org/x/tools/go/analysis/passes/inline"
	"golang.org/x/tools/go/analysis/passes/loopclosure"
	"golang.org/x/tools/go/analysis/passes/lostcancel"
	"golang.org/x/tools/go/analysis/passes/nilfunc"
	"golang.org/x/tools/go/analysis/passes/printf"
	"golang.org/x/tools/go/analysis/passes/shift"
	"golang.org/x/tools/go/analysis/passes/sigchanyzer"
	"golang.org/x/tools/go/analysis/passes/slog"
	"golang.org/x/tools/go/analysis/passes/stdmethods"
	"golang.org/x/tools/go/analysis/passes/stdversion"
	"golang.org/x/tools/go/analysis/passes/stringintconv"
	"golang.org/x/tools/go/analysis/passes/structtag"
	"golang.org/x/tools/go/analysis/passes/testinggoroutine"
	"golang.org/x/tools/go/analysis/passes/tests"
	"golang.org/x/tools/go/analysis/passes/timeformat"
	"golang.org/x/tools/go/analysis/passes/unmarshal"
	"golang.org/x/tools/go/analysis/passes/unreachable"
	"golang.org/x/tools/go/analysis/passes/unsafeptr"
	"golang.org/x/tools/go/analysis/passes/unusedresult"
	"golang.org/x/tools/go/analysis/passes/waitgroup"
	"golang.org/x/tools/go/packages"
	scconfig "honnef.co/go/tools/config"
	"honnef.co/go/tools/simple"
	"honnef.co/go/tools/staticcheck"
	"honnef.co/go/tools/stylecheck"
	"honnef.co/go/tools/unused"
)

// govet are go vet's default analyzers: the set golangci-lint's govet linter enables by default.
var govet = []*analysis.Analyzer{
	appends.Analyzer, asmdecl.Analyzer, assign.Analyzer, atomic.Analyzer, bools.Analyzer,
	buildtag.Analyzer, cgocall.Analyzer, composite.Analyzer, copylock.Analyzer, defers.Analyzer,
	directive.Analyzer, errorsas.Analyzer, framepointer.Analyzer, hostport.Analyzer,
	httpresponse.Analyzer, ifaceassert.Analyzer, inline.Analyzer, loopclosure.Analyzer,
	lostcancel.Analyzer, nilfunc.Analyzer, printf.Analyzer, shift.Analyzer, sigchanyzer.Analyzer,
	slog.Analyzer, stdmethods.Analyzer, stdversion.Analyzer, stringintconv.Analyzer,
	structtag.Analyzer, testinggoroutine.Analyzer, tests.Analyzer, timeformat.Analyzer,
	unmarshal.Analyzer, unreachable.Analyzer, unsafeptr.Analyzer, unusedresult.Analyzer,
	waitgroup.Analyzer,
}

// staticcheckOff are the staticcheck checks left out: quick fixes are refactorings, not
// defects, and these ST checks are the ones staticcheck's own default leaves off (package
// comment form and initialisms are doccomment's and the team's call).
var staticcheckOff = regexp.MustCompile(`^(QF.*|ST1000|ST1003|ST1016|ST1020|ST1021|ST1022)$`)

// exclusion drops the findings of one linter whose message matches.
type exclusion struct {
	linter  string
	message *regexp.Regexp
	why     string
}

// exclusions are the findings accepted on purpose, each with its reason.
var exclusions = []exclusion{
	{
		linter:  "errcheck",
		message: regexp.MustCompile(`(?i)Error return value of .((os\.)?std(out|err)\..*|.*Close|.*Flush|os\.Remove(All)?|.*print(f|ln)?|os\.(Un)?Setenv). is not checked`),
		why:     "unchecked errors that are conventionally ignored: Close on read paths, Fprint* to an io.Writer, os.Setenv in tests (golangci-lint's std-error-handling preset, EXC0001)",
	},
	{
		linter:  "staticcheck",
		message: regexp.MustCompile(`^SA1019: .*AttributeNames is deprecated`),
		why:     "local-aws-sqs ignores MessageSystemAttributeNames, so code that needs ApproximateReceiveCount asks with the deprecated AttributeNames (DESIGN.md, known gaps)",
	},
}

// analyzers are every check the tool runs, each wrapped so exclusions, generated files and
// //nolint directives apply and its findings name their linter.
func analyzers() []*analysis.Analyzer {
	var out []*analysis.Analyzer
	for _, a := range govet {
		out = append(out, wrap("govet", a, false))
	}
	cfg := scconfig.DefaultConfig
	scconfig.Analyzer.Run = func(*analysis.Pass) (any, error) { return &cfg, nil }
	for _, a := range slices.Concat(staticcheck.Analyzers, simple.Analyzers, stylecheck.Analyzers) {
		if !staticcheckOff.MatchString(a.Analyzer.Name) {
			out = append(out, wrap("staticcheck", a.Analyzer, true))
		}
	}
	out = append(out,
		wrap("unused", unusedAnalyzer, false),
		wrap("errcheck", errcheckAnalyzer, false),
		wrap("ineffassign", ineffassign.Analyzer, false),
		wrap("misspell", misspellAnalyzer, false),
		wrap("doccomment", doccomment.Analyzer, false),
	)
	return out
}

// wrap returns a copy of a whose findings are filtered (exclusions, generated files, //nolint)
// and carry the linter's name; with prefix, the check's name leads the message (staticcheck's
// SA1019: ...).
func wrap(linter string, a *analysis.Analyzer, prefix bool) *analysis.Analyzer {
	w := *a
	w.Run = func(pass *analysis.Pass) (any, error) {
		p := *pass
		var ignored *suppressions
		p.Report = func(d analysis.Diagnostic) {
			if prefix {
				d.Message = a.Name + ": " + d.Message
			}
			for _, e := range exclusions {
				if e.linter == linter && e.message.MatchString(d.Message) {
					return
				}
			}
			if ignored == nil {
				ignored = newSuppressions(pass)
			}
			if ignored.covers(d.Pos, linter) {
				return
			}
			d.Message += " (" + linter + ")"
			pass.Report(d)
		}
		return a.Run(&p)
	}
	return &w
}

// nolint matches a //nolint directive and its linter list.
var nolint = regexp.MustCompile(`^//\s*nolint(?::([\w-]+(?:\s*,\s*[\w-]+)*))?\b`)

// span is a range of lines of one file a //nolint directive covers, for some linters (nil: all).
type span struct {
	file       string
	start, end int
	linters    []string
}

// suppressions are a package's generated files and //nolint spans.
type suppressions struct {
	fset      *token.FileSet
	generated map[string]bool
	spans     []span
}

func newSuppressions(pass *analysis.Pass) *suppressions {
	s := &suppressions{fset: pass.Fset, generated: map[string]bool{}}
	for _, f := range pass.Files {
		name := pass.Fset.File(f.Pos()).Name()
		if ast.IsGenerated(f) {
			s.generated[name] = true
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				m := nolint.FindStringSubmatch(c.Text)
				if m == nil {
					continue
				}
				var linters []string
				for l := range strings.SplitSeq(m[1], ",") {
					if l = strings.TrimSpace(l); l != "" && l != "all" {
						linters = append(linters, l)
					}
				}
				line := pass.Fset.Position(c.Pos()).Line
				s.spans = append(s.spans, span{file: name, start: line, end: coveredEnd(pass.Fset, f, c, line), linters: linters})
			}
		}
	}
	return s
}

// coveredEnd is the last line a directive on line covers: the end of the outermost node that
// starts on its line (a trailing directive) or on the next line (a directive alone on a line).
func coveredEnd(fset *token.FileSet, f *ast.File, c *ast.Comment, line int) int {
	target := line
	if fset.Position(c.Pos()).Column == firstColumn(fset, f, line) {
		target = line + 1
	}
	end := line
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		start := fset.Position(n.Pos()).Line
		if start > target || fset.Position(n.End()).Line < target {
			return false
		}
		if start == target {
			end = max(end, fset.Position(n.End()).Line)
			return false
		}
		return true
	})
	return end
}

// firstColumn is the column of the first token or comment on line.
func firstColumn(fset *token.FileSet, f *ast.File, line int) int {
	col := 0
	consider := func(p token.Pos) {
		if pos := fset.Position(p); pos.Line == line && (col == 0 || pos.Column < col) {
			col = pos.Column
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		if fset.Position(n.Pos()).Line > line || fset.Position(n.End()).Line < line {
			return false
		}
		consider(n.Pos())
		return true
	})
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			consider(c.Pos())
		}
	}
	return col
}

// covers reports whether a finding of linter at pos is in a generated file or under a
// //nolint directive for it.
func (s *suppressions) covers(pos token.Pos, linter string) bool {
	p := s.fset.Position(pos)
	if s.generated[p.Filename] {
		return true
	}
	for _, sp := range s.spans {
		if sp.file == p.Filename && sp.start <= p.Line && p.Line <= sp.end && (sp.linters == nil || slices.Contains(sp.linters, linter)) {
			return true
		}
	}
	return false
}

// errcheckAnalyzer reports unchecked errors as golangci-lint's errcheck linter did: errcheck's
// default excluded symbols, blank assignments and type assertions allowed.
var errcheckAnalyzer = &analysis.Analyzer{
	Name: "errcheck",
	Doc:  "report calls whose error result is not checked (github.com/kisielk/errcheck)",
	Run: func(pass *analysis.Pass) (any, error) {
		checker := errcheck.Checker{Exclusions: errcheck.Exclusions{
			BlankAssignments:       true,
			TypeAssertions:         true,
			SymbolRegexpsByPackage: map[string]*regexp.Regexp{},
			Symbols:                errcheck.DefaultExcludedSymbols,
		}}
		pkg := &packages.Package{Fset: pass.Fset, Syntax: pass.Files, Types: pass.Pkg, TypesInfo: pass.TypesInfo}
		for _, e := range checker.CheckPackage(pkg).Unique().UncheckedErrors {
			msg := "Error return value is not checked"
			if e.FuncName != "" {
				msg = fmt.Sprintf("Error return value of `%s` is not checked", cmp.Or(e.SelectorName, e.FuncName))
			}
			pass.Reportf(position(pass, e.Pos), "%s", msg)
		}
		return nil, nil
	},
}

// position turns a token.Position of one of the pass's files back into a token.Pos.
func position(pass *analysis.Pass, p token.Position) token.Pos {
	for _, f := range pass.Files {
		if tf := pass.Fset.File(f.Pos()); tf.Name() == p.Filename {
			return tf.Pos(p.Offset)
		}
	}
	return token.NoPos
}

// unusedAnalyzer reports unused constants, variables, functions, types and fields: unused's
// result with its default options (those golangci-lint ran it with: exported identifiers and
// fields count as used), less objects also reported used at the same place.
var unusedAnalyzer = &analysis.Analyzer{
	Name:     "unused",
	Doc:      "report unused constants, variables, functions, types and fields (honnef.co/go/tools/unused)",
	Requires: []*analysis.Analyzer{unused.Analyzer.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[unused.Analyzer.Analyzer].(unused.Result)
		key := func(o unused.Object) string {
			return fmt.Sprintf("%s %d %s", o.Position.Filename, o.Position.Line, o.Name)
		}
		used := map[string]bool{}
		for _, o := range res.Used {
			used[key(o)] = true
		}
		for _, o := range res.Unused {
			if o.Kind == "type param" || used[key(o)] {
				continue
			}
			pass.Reportf(position(pass, o.Position), "%s %s is unused", o.Kind, o.Name)
		}
		return nil, nil
	},
}

// spellings is misspell's compiled replacer, built once per process: compiling the dictionary
// costs more than checking a package.
var spellings = sync.OnceValue(func() *misspell.Replacer {
	r := &misspell.Replacer{Replacements: misspell.DictMain}
	r.Compile()
	return r
})

// misspellAnalyzer reports commonly misspelled English words anywhere in a Go file, with
// misspell's neutral dictionary (American and British spellings both pass).
var misspellAnalyzer = &analysis.Analyzer{
	Name: "misspell",
	Doc:  "report commonly misspelled English words (github.com/golangci/misspell)",
	Run: func(pass *analysis.Pass) (any, error) {
		r := spellings()
		for _, f := range pass.Files {
			tf := pass.Fset.File(f.Pos())
			content, err := pass.ReadFile(tf.Name())
			if err != nil {
				return nil, fmt.Errorf("misspell: %w", err)
			}
			_, diffs := r.Replace(string(content))
			for _, d := range diffs {
				start := tf.LineStart(d.Line) + token.Pos(d.Column)
				pass.Report(analysis.Diagnostic{
					Pos: start, End: start + token.Pos(len(d.Original)),
					Message: fmt.Sprintf("`%s` is a misspelling of `%s`", d.Original, d.Corrected),
				})
			}
		}
		return nil, nil
	},
}
