// Package doccomment holds the analyzer for the house rule that every exported Go identifier and
// every package has a doc comment (STYLE.md, Comments). It checks what revive's `exported` rule
// (with its stuttering check off) and `package-comments` rule checked when golangci-lint ran
// them, with the same messages, so a finding reads the same as before:
//
//   - in an importable package (not main) and outside _test.go files, an exported function,
//     method of an exported type, type, const or var has a doc comment that starts with its name
//     (a type's may start with an article: A, An, The, This); a const or var in a parenthesised
//     block may rely on the block's comment; Error, Read, ServeHTTP, String, Write and Unwrap
//     methods are exempt, and so are Len, Less and Swap of a sortable type;
//   - every package (main included) has a package comment in one of its non-test files; outside
//     main it starts "Package <name> ", and it sits directly above the package clause.
//
// The rules were read from revive v1.17.1 (rule/exported.go, rule/package_comments.go), the
// version golangci-lint v2.15.0 ran.
package doccomment

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
)

// Analyzer reports exported identifiers and packages without a doc comment of the expected form.
var Analyzer = &analysis.Analyzer{
	Name: "doccomment",
	Doc:  "every exported identifier and every package has a doc comment of the standard form",
	Run:  run,
}

// commonMethods need no doc comment: their meaning is the interface they implement.
var commonMethods = map[string]bool{"Error": true, "Read": true, "ServeHTTP": true, "String": true, "Write": true, "Unwrap": true}

// articles may precede a type's name in its doc comment.
var articles = []string{"A", "An", "The", "This"}

func run(pass *analysis.Pass) (any, error) {
	var files []*ast.File
	for _, f := range pass.Files {
		// Only the package's own source: not _test.go files, nor the test main go test
		// generates (a build-cache file without the .go suffix).
		if name := pass.Fset.File(f.Pos()).Name(); strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return nil, nil // an external test package, or a test main
	}
	checkPackageComment(pass, files)
	if pass.Pkg.Name() == "main" {
		return nil, nil
	}
	sortable := sortableTypes(files)
	for _, f := range files {
		checkFile(pass, f, sortable)
	}
	return nil, nil
}

// checkPackageComment reports a package with no package comment, a detached one, and one not of
// the form "Package <name> ...".
func checkPackageComment(pass *analysis.Pass, files []*ast.File) {
	name := pass.Pkg.Name()
	prefix := "Package " + name + " "
	documented := false
	for _, f := range files {
		var last *ast.CommentGroup
		for _, cg := range f.Comments {
			if cg.Pos() > f.Package {
				break
			}
			last = cg
		}
		if last != nil && strings.HasPrefix(last.Text(), prefix) {
			end := pass.Fset.Position(last.End()).Line
			if pkgLine := pass.Fset.Position(f.Package).Line; end+1 < pkgLine {
				pass.Reportf(last.End(), "package comment is detached; there should be no blank lines between it and the package statement")
				documented = true
				continue
			}
		}
		if f.Doc == nil || f.Doc.Text() == "" {
			continue
		}
		documented = true
		if name != "main" && !strings.HasPrefix(f.Doc.Text(), prefix) {
			pass.Reportf(f.Doc.Pos(), "package comment should be of the form %q", prefix+"...")
		}
	}
	if !documented {
		pass.Reportf(packageCommentFile(pass, files).Package, "should have a package comment")
	}
}

// packageCommentFile is where a missing package comment is reported: doc.go, else <name>.go,
// else the first file by name.
func packageCommentFile(pass *analysis.Pass, files []*ast.File) *ast.File {
	base := func(f *ast.File) string { return filepath.Base(pass.Fset.File(f.Pos()).Name()) }
	var doc, named, first *ast.File
	for _, f := range files {
		switch base(f) {
		case "doc.go":
			doc = f
		case f.Name.Name + ".go":
			named = f
		}
		if first == nil || base(f) < base(first) {
			first = f
		}
	}
	return cmp.Or(doc, named, first)
}

// sortableTypes are the package's types that have Len, Less and Swap methods.
func sortableTypes(files []*ast.File) map[string]bool {
	methods := map[string]map[string]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil {
				continue
			}
			switch fn.Name.Name {
			case "Len", "Less", "Swap":
				r := receiverName(fn)
				if methods[r] == nil {
					methods[r] = map[string]bool{}
				}
				methods[r][fn.Name.Name] = true
			}
		}
	}
	out := map[string]bool{}
	for r, m := range methods {
		if len(m) == 3 {
			out[r] = true
		}
	}
	return out
}

// receiverName is a method's receiver type name, without pointer or type parameters.
func receiverName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return ""
	}
	t := fn.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.ParenExpr:
			t = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

func checkFile(pass *analysis.Pass, f *ast.File, sortable map[string]bool) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			checkFunc(pass, d, sortable)
		case *ast.GenDecl:
			checkGenDecl(pass, d)
		}
	}
}

func checkFunc(pass *analysis.Pass, fn *ast.FuncDecl, sortable map[string]bool) {
	if !ast.IsExported(fn.Name.Name) {
		return
	}
	kind, name := "function", fn.Name.Name
	if fn.Recv != nil && len(fn.Recv.List) > 0 {
		recv := receiverName(fn)
		if !ast.IsExported(recv) || commonMethods[fn.Name.Name] {
			return
		}
		switch fn.Name.Name {
		case "Len", "Less", "Swap":
			if sortable[recv] {
				return
			}
		}
		kind, name = "method", recv+"."+fn.Name.Name
	}
	switch status, first := docStatus(fn.Doc, fn.Name.Name); status {
	case statusOK:
	case statusMissing:
		pass.Reportf(fn.Pos(), "exported %s %s should have comment or be unexported", kind, name)
	default:
		pass.Reportf(fn.Doc.Pos(), "comment on exported %s %s should be of the form %q%s", kind, name, fn.Name.Name+" ...", status.hint(first))
	}
}

func checkGenDecl(pass *analysis.Pass, gd *ast.GenDecl) {
	switch gd.Tok {
	case token.TYPE:
		for _, s := range gd.Specs {
			ts := s.(*ast.TypeSpec)
			doc := ts.Doc
			if firstLine(doc) == "" {
				doc = gd.Doc
			}
			checkType(pass, ts, doc)
		}
	case token.CONST, token.VAR:
		kind := "var"
		if gd.Tok == token.CONST {
			kind = "const"
		}
		reported := false
		for _, s := range gd.Specs {
			checkValue(pass, s.(*ast.ValueSpec), gd, kind, &reported)
		}
	}
}

func checkType(pass *analysis.Pass, ts *ast.TypeSpec, doc *ast.CommentGroup) {
	name := ts.Name.Name
	if !ast.IsExported(name) {
		return
	}
	first := firstLine(doc)
	if first == "" {
		pass.Reportf(ts.Pos(), "exported type %s should have comment or be unexported", name)
		return
	}
	expected := name
	for _, a := range articles {
		if name == a {
			continue
		}
		if rest, ok := strings.CutPrefix(first, a+" "); ok {
			first, expected = rest, a+" "+name
			break
		}
	}
	if status, _ := docStatus(doc, expected); status != statusOK {
		pass.Reportf(doc.Pos(), "comment on exported type %s should be of the form %q (with optional leading article)%s", name, name+" ...", status.hint(first))
	}
}

func checkValue(pass *analysis.Pass, vs *ast.ValueSpec, gd *ast.GenDecl, kind string, reported *bool) {
	for _, n := range vs.Names[1:] {
		if ast.IsExported(n.Name) {
			pass.Reportf(vs.Pos(), "exported %s %s should have its own declaration", kind, n.Name)
			return
		}
	}
	name := vs.Names[0].Name
	if !ast.IsExported(name) {
		return
	}
	own, block := firstLine(vs.Doc), firstLine(gd.Doc)
	if own == "" && block == "" {
		if *reported {
			return // one finding per block
		}
		or := ""
		if kind == "const" && gd.Lparen.IsValid() {
			or = " (or a comment on this block)"
		}
		pass.Reportf(vs.Pos(), "exported %s %s should have comment%s or be unexported", kind, name, or)
		*reported = true
		return
	}
	if block != "" && gd.Lparen.IsValid() {
		return // the block's comment documents its values
	}
	doc := gd.Doc
	if own != "" {
		doc = vs.Doc
	}
	if status, first := docStatus(doc, name); status != statusOK {
		pass.Reportf(doc.Pos(), "comment on exported %s %s should be of the form %q%s", kind, name, name+" ...", status.hint(first))
	}
}

// status is how a doc comment's first line relates to the name it documents.
type status int

const (
	statusOK status = iota
	statusMissing
	statusCase        // the name in the wrong case
	statusFirstLetter // the name with its first letter lower-cased
	statusUnexpected  // anything else
)

// hint is the correction a finding adds for a near miss.
func (s status) hint(first string) string {
	word, _, _ := strings.Cut(first, " ")
	switch s {
	case statusCase:
		return fmt.Sprintf(" by using its correct casing, not %q", word+" ...")
	case statusFirstLetter:
		return fmt.Sprintf(" to match its exported status, not %q", word+" ...")
	}
	return ""
}

// docStatus judges whether doc's first line starts with name and a space.
func docStatus(doc *ast.CommentGroup, name string) (status, string) {
	first := firstLine(doc)
	if first == "" {
		return statusMissing, first
	}
	prefix := strings.TrimSpace(name) + " "
	switch {
	case strings.HasPrefix(first, prefix):
		return statusOK, first
	case !strings.HasPrefix(strings.ToLower(first), strings.ToLower(prefix)):
		return statusUnexpected, first
	case strings.HasPrefix(dropFirstRune(first), dropFirstRune(prefix)):
		return statusFirstLetter, first
	}
	return statusCase, first
}

func dropFirstRune(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return s[size:]
}

// firstLine is the doc comment's first non-empty line, without directives; a "Deprecated: "
// paragraph and what follows it do not count.
func firstLine(doc *ast.CommentGroup) string {
	if doc == nil {
		return ""
	}
	for line := range strings.SplitSeq(doc.Text(), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "Deprecated: ") {
			return ""
		}
		return line
	}
	return ""
}
