// Package repotests finds, by reading their source, the tests of a Go module that read given
// files of the repository around the module. `make new/verify` runs the tools module's tests
// that read what the scaffold wrote, not every test that happens to sit next to one that does.
//
// # The rule
//
// A path expression is an expression whose value can be worked out from the source and that
// is used for something other than building a bigger one (passed to a function, assigned to
// a field, returned, compared). Its value is built from:
//
//   - string literals, relative to the package's folder (go test's working directory);
//   - cli.FindRoot() and os.Getwd(): the repository root, since from a working directory
//     inside the repository FindRoot and git reach the root;
//   - filepath.Join and path.Join of those (an argument of unknown value makes the Join stand
//     for everything under its known part), filepath.Abs, Clean, FromSlash, ToSlash and Dir,
//   - of strings, and composite literals (any of their elements);
//   - identifiers bound to those: package-level variables and constants, local ones (:=,
//     var), and range variables over them.
//
// A path expression reads a file when the file is its value, lies under it (a folder) or
// matches it (a filepath.Glob pattern); the repository root reads every file. Values inside
// the module above the package's folder (the module root, "../cmd/x") are the module's own
// code and fixtures (a build of a sibling command, a module source written into a fixture),
// not repository data, and are left out; a value that names a file exactly still counts.
//
// A function reads a file when a path expression in its body does, or a function or
// package-level variable of its package that it refers to does (by name: methods are matched
// by name alone), or it calls a function of another package of the module that finds the root
// itself (cli.FindRoot or os.Getwd in its body or its package's functions it calls). A Test,
// Example or Fuzz function is selected when it reads one of the files; every one is when
// TestMain, an init function or a package-level variable's initializer does (they run before
// any test).
//
// # What it cannot see
//
// Paths that come from elsewhere at run time (the environment, a directory listing, a
// command's output), commands run in the working directory without a path (git, go list), and
// methods of another package that find the root. A test that reads the repository must name
// the root in one of the forms above, as the tests here do.
package repotests

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
)

// Package is one package's tests that read the files.
type Package struct {
	// Dir is the package's folder relative to the module, as go test takes it: "./internal/x",
	// or "." for the module's root package.
	Dir string
	// Tests are the names of its Test, Example and Fuzz functions that read the files, sorted.
	Tests []string
	// Why says, for each test, one path expression it reaches that reads a file: "file:line
	// reads P" (P relative to the repository root, "." for the root itself).
	Why map[string]string
}

// RunPattern returns a `go test -run` pattern that matches exactly the top-level tests of pkgs
// (all their subtests included), or "" when pkgs has none. One pattern serves every package:
// a name selected in one package also runs its namesake in another package of pkgs.
func RunPattern(pkgs []Package) string {
	var names []string
	for _, p := range pkgs {
		for _, t := range p.Tests {
			if q := regexp.QuoteMeta(t); !slices.Contains(names, q) {
				names = append(names, q)
			}
		}
	}
	if len(names) == 0 {
		return ""
	}
	slices.Sort(names)
	return "^(" + strings.Join(names, "|") + ")$"
}

// Dirs returns the Dir of each of pkgs.
func Dirs(pkgs []Package) []string {
	out := make([]string, len(pkgs))
	for i, p := range pkgs {
		out[i] = p.Dir
	}
	return out
}

// rootValue is the value of cli.FindRoot() and os.Getwd(): the repository root. Values that
// start with it are relative to the root; all others to the package's folder.
const rootValue = "\x00root"

// Select parses every package of the Go module at moduleDir, whose folder in the repository is
// moduleRel (slash-separated, e.g. "tools"), and returns the packages whose tests read any of
// files (paths relative to the repository root, slash-separated), sorted by Dir, each with
// the tests that do. Folders named testdata, and those starting with "." or "_", are skipped.
// short (the tests will run with -short) leaves out the tests that skip under -short before
// they do anything: their first statement is `if testing.Short() { ... t.Skip(...) }`, or a
// call of a function of the package whose first statement is (after t.Helper()), and so on.
// The error is for a module that cannot be read or parsed.
func Select(moduleDir, moduleRel string, files []string, short bool) ([]Package, error) {
	modPath, err := modulePath(moduleDir)
	if err != nil {
		return nil, err
	}
	moduleRel = path.Clean(moduleRel)
	var pkgs []*pkg
	err = filepath.WalkDir(moduleDir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() {
			return nil
		}
		name := e.Name()
		if p != moduleDir && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			return filepath.SkipDir
		}
		if p != moduleDir {
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir // another module
			}
		}
		rel, err := filepath.Rel(moduleDir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		k, err := parseDir(p, path.Join(modPath, rel), path.Join(moduleRel, rel))
		if err != nil {
			return err
		}
		if k != nil {
			k.dir = "./" + rel
			if rel == "." {
				k.dir = "."
			}
			pkgs = append(pkgs, k)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("repotests: %w", err)
	}

	// Functions of the module's packages that find the root themselves, by import path.
	finders := map[string]map[string]bool{}
	for _, k := range pkgs {
		finders[k.importPath] = k.rootFinders()
	}

	var out []Package
	for _, k := range pkgs {
		if !k.hasTests {
			continue
		}
		a := analysis{pkg: k, moduleRel: moduleRel, files: files, finders: finders, short: short}
		if p := a.run(); len(p.Tests) > 0 {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b Package) int { return strings.Compare(a.Dir, b.Dir) })
	return out, nil
}

// modulePath reads the module path of the go.mod in dir.
func modulePath(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("repotests: %w", err)
	}
	p := modfile.ModulePath(b)
	if p == "" {
		return "", fmt.Errorf("repotests: %s has no module line", filepath.Join(dir, "go.mod"))
	}
	return p, nil
}

// pkg is the parsed source of one folder: the package, its tests and its external tests, in
// one namespace (a name declared in two of them stands for both).
type pkg struct {
	dir        string
	importPath string
	rel        string // the folder, relative to the repository root
	fset       *token.FileSet
	files      []*file
	hasTests   bool
	// funcs are the package-level functions and methods by name; vars the package-level
	// variables and constants.
	funcs    map[string][]*ast.FuncDecl
	vars     map[string]*ast.ValueSpec
	varSpecs map[*ast.ValueSpec]bool
}

// file is one parsed file and the names its imports go by.
type file struct {
	ast     *ast.File
	test    bool
	imports map[string]string // local name -> import path
}

// parseDir parses the Go files in dir; it returns nil for a folder without any.
func parseDir(dir, importPath, rel string) (*pkg, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	k := &pkg{importPath: importPath, rel: rel, fset: token.NewFileSet(), funcs: map[string][]*ast.FuncDecl{}, vars: map[string]*ast.ValueSpec{}, varSpecs: map[*ast.ValueSpec]bool{}}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		f, err := parser.ParseFile(k.fset, filepath.Join(dir, e.Name()), nil, 0)
		if err != nil {
			return nil, err
		}
		fi := &file{ast: f, test: strings.HasSuffix(e.Name(), "_test.go"), imports: map[string]string{}}
		k.hasTests = k.hasTests || fi.test
		for _, im := range f.Imports {
			p, err := strconv.Unquote(im.Path.Value)
			if err != nil {
				continue
			}
			name := path.Base(p)
			if im.Name != nil {
				name = im.Name.Name
			}
			fi.imports[name] = p
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				k.funcs[d.Name.Name] = append(k.funcs[d.Name.Name], d)
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if vs, ok := s.(*ast.ValueSpec); ok {
						k.varSpecs[vs] = true
						for _, n := range vs.Names {
							if n.Name != "_" {
								k.vars[n.Name] = vs
							}
						}
					}
				}
			}
		}
		k.files = append(k.files, fi)
	}
	if len(k.files) == 0 {
		return nil, nil
	}
	return k, nil
}

// rootFinders returns the package-level functions (not methods) of the package's non-test
// files that call cli.FindRoot or os.Getwd, directly or through the package's own functions.
func (k *pkg) rootFinders() map[string]bool {
	direct := map[*ast.FuncDecl]bool{}
	calls := map[*ast.FuncDecl][]string{}
	for _, f := range k.files {
		if f.test {
			continue
		}
		for _, d := range f.ast.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					if isRootCall(f, k.importPath, n) {
						direct[fd] = true
					}
				case *ast.Ident:
					calls[fd] = append(calls[fd], n.Name)
				case *ast.SelectorExpr:
					calls[fd] = append(calls[fd], n.Sel.Name)
				}
				return true
			})
		}
	}
	// Grow direct to a fixed point over the calls by name.
	for changed := true; changed; {
		changed = false
		for fd, names := range calls {
			if direct[fd] {
				continue
			}
			for _, n := range names {
				if slices.ContainsFunc(k.funcs[n], func(d *ast.FuncDecl) bool { return direct[d] }) {
					direct[fd], changed = true, true
					break
				}
			}
		}
	}
	out := map[string]bool{}
	for fd := range direct {
		if fd.Recv == nil {
			out[fd.Name.Name] = true
		}
	}
	return out
}

// isRootCall reports whether call is cli.FindRoot(...) or os.Getwd() (FindRoot(...) inside the
// cli package itself).
func isRootCall(f *file, importPath string, call *ast.CallExpr) bool {
	switch fn := call.Fun.(type) {
	case *ast.SelectorExpr:
		return isRootSel(f, fn)
	case *ast.Ident:
		return strings.HasSuffix(importPath, "/internal/cli") && fn.Name == "FindRoot"
	}
	return false
}

// isRootSel reports whether sel is cli.FindRoot or os.Getwd.
func isRootSel(f *file, sel *ast.SelectorExpr) bool {
	x, ok := sel.X.(*ast.Ident)
	if !ok || x.Obj != nil {
		return false
	}
	p := f.imports[x.Name]
	return (p == "os" && sel.Sel.Name == "Getwd") || (strings.HasSuffix(p, "/internal/cli") && sel.Sel.Name == "FindRoot")
}

// analysis works out which tests of one package read the files.
type analysis struct {
	pkg       *pkg
	moduleRel string
	files     []string
	finders   map[string]map[string]bool
	short     bool
	// why is, per function or variable declaration, the first path expression in it that
	// reads a file; refs are the package-level names it refers to.
	why  map[ast.Node]string
	refs map[ast.Node][]string
}

func (a *analysis) run() Package {
	a.why, a.refs = map[ast.Node]string{}, map[ast.Node][]string{}
	type decl struct {
		node ast.Node
		file *file
	}
	var decls []decl
	for _, f := range a.pkg.files {
		for _, d := range f.ast.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				decls = append(decls, decl{d, f})
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if vs, ok := s.(*ast.ValueSpec); ok {
						decls = append(decls, decl{vs, f})
					}
				}
			}
		}
	}
	for _, d := range decls {
		a.scan(d.file, d.node)
	}
	reach := a.reach()

	// What runs before every test: TestMain, init functions, package-level initializers.
	everything := ""
	for _, d := range decls {
		switch n := d.node.(type) {
		case *ast.FuncDecl:
			if n.Recv == nil && (n.Name.Name == "init" || (d.file.test && n.Name.Name == "TestMain")) && reach[n] != "" {
				everything = n.Name.Name + ": " + reach[n]
			}
		case *ast.ValueSpec:
			if reach[n] != "" {
				everything = "the initializer of " + n.Names[0].Name + ": " + reach[n]
			}
		}
	}
	out := Package{Dir: a.pkg.dir, Why: map[string]string{}}
	for _, d := range decls {
		fd, ok := d.node.(*ast.FuncDecl)
		if !ok || !d.file.test || fd.Recv != nil || !isTestName(fd.Name.Name) {
			continue
		}
		if a.short && a.skipsShort(fd, map[*ast.FuncDecl]bool{}) {
			continue
		}
		why := reach[fd]
		if everything != "" {
			why = everything
		}
		if why != "" && !slices.Contains(out.Tests, fd.Name.Name) {
			out.Tests = append(out.Tests, fd.Name.Name)
			out.Why[fd.Name.Name] = why
		}
	}
	slices.Sort(out.Tests)
	return out
}

// skipsShort reports whether fd skips under -short before doing anything else: its first
// statement (t.Helper() and t.Parallel() aside) is `if testing.Short() { ...; t.Skip...(...) }`
// or calls a function of the package that skips so.
func (a *analysis) skipsShort(fd *ast.FuncDecl, seen map[*ast.FuncDecl]bool) bool {
	if fd.Body == nil || seen[fd] {
		return false
	}
	seen[fd] = true
	for _, st := range fd.Body.List {
		if call := stmtCall(st); call != nil {
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Helper" || sel.Sel.Name == "Parallel") && len(call.Args) == 0 {
				continue
			}
			id, ok := call.Fun.(*ast.Ident)
			if !ok {
				return false
			}
			return slices.ContainsFunc(a.pkg.funcs[id.Name], func(d *ast.FuncDecl) bool { return d.Recv == nil && a.skipsShort(d, seen) })
		}
		ifst, ok := st.(*ast.IfStmt)
		if !ok || ifst.Init != nil || !isShortCall(ifst.Cond) || len(ifst.Body.List) == 0 {
			return false
		}
		last := stmtCall(ifst.Body.List[len(ifst.Body.List)-1])
		if last == nil {
			return false
		}
		sel, ok := last.Fun.(*ast.SelectorExpr)
		return ok && (sel.Sel.Name == "Skip" || sel.Sel.Name == "Skipf" || sel.Sel.Name == "SkipNow")
	}
	return false
}

// stmtCall returns the call a statement makes: f(...) alone, or the value of an assignment or
// definition (x, y := f(...)).
func stmtCall(st ast.Stmt) *ast.CallExpr {
	switch st := st.(type) {
	case *ast.ExprStmt:
		c, _ := st.X.(*ast.CallExpr)
		return c
	case *ast.AssignStmt:
		if len(st.Rhs) == 1 {
			c, _ := st.Rhs[0].(*ast.CallExpr)
			return c
		}
	}
	return nil
}

// isShortCall reports whether e is testing.Short().
func isShortCall(e ast.Expr) bool {
	c, ok := e.(*ast.CallExpr)
	if !ok || len(c.Args) != 0 {
		return false
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == "testing" && sel.Sel.Name == "Short"
}

// isTestName reports whether name is a function go test runs with -run: TestX, ExampleX,
// FuzzX (X not starting with a lower-case letter), TestMain excluded.
func isTestName(name string) bool {
	for _, prefix := range []string{"Test", "Example", "Fuzz"} {
		rest, ok := strings.CutPrefix(name, prefix)
		if !ok {
			continue
		}
		if name == "TestMain" {
			return false
		}
		if rest == "" || !(rest[0] >= 'a' && rest[0] <= 'z') {
			return true
		}
	}
	return false
}

// reach returns, for each declaration, why it reads a file: its own path expression or one
// of a declaration it refers to; "" when it reads none.
func (a *analysis) reach() map[ast.Node]string {
	reach := map[ast.Node]string{}
	for n, w := range a.why {
		reach[n] = w
	}
	for changed := true; changed; {
		changed = false
		for n, names := range a.refs {
			if reach[n] != "" {
				continue
			}
			for _, name := range names {
				if w := a.reachOf(reach, name); w != "" {
					reach[n], changed = w, true
					break
				}
			}
		}
	}
	return reach
}

// reachOf returns why the package-level declarations named name read a file, or "".
func (a *analysis) reachOf(reach map[ast.Node]string, name string) string {
	for _, fd := range a.pkg.funcs[name] {
		if w := reach[fd]; w != "" {
			return w
		}
	}
	if vs := a.pkg.vars[name]; vs != nil {
		return reach[vs]
	}
	return ""
}

// scan finds the path expressions and the package-level references of one declaration.
func (a *analysis) scan(f *file, decl ast.Node) {
	root := decl
	if d, ok := decl.(*ast.FuncDecl); ok {
		if d.Body == nil {
			return
		}
		root = d.Body
	}
	e := evaluator{a: a, f: f}
	skip := map[ast.Node]bool{}  // names being declared or assigned, field names
	quiet := map[ast.Node]bool{} // expressions whose value flows into a binding or a bigger value
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncDecl:
			return false
		case *ast.ValueSpec:
			for _, name := range n.Names {
				skip[name] = true
			}
			if len(n.Values) == len(n.Names) {
				for i, v := range n.Values {
					if n.Names[i].Name != "_" && e.eval(v) != nil {
						quiet[v] = true
					}
				}
			} else if len(n.Values) == 1 && a.bindsFirst(f, n.Values[0]) {
				quiet[n.Values[0]] = true
			}
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					skip[id] = true
				}
			}
			// Only a definition binds: eval follows an identifier to where it is defined, so
			// a value assigned later is a path expression where it is assigned.
			if n.Tok == token.DEFINE {
				if len(n.Lhs) == len(n.Rhs) {
					for i, r := range n.Rhs {
						if id, ok := n.Lhs[i].(*ast.Ident); ok && id.Name != "_" && e.eval(r) != nil {
							quiet[r] = true
						}
					}
				} else if len(n.Rhs) == 1 && a.bindsFirst(f, n.Rhs[0]) {
					if id, ok := n.Lhs[0].(*ast.Ident); ok && id.Name != "_" {
						quiet[n.Rhs[0]] = true
					}
				}
			}
		case *ast.RangeStmt:
			bound := false
			for _, v := range []ast.Expr{n.Key, n.Value} {
				if id, ok := v.(*ast.Ident); ok {
					skip[id] = true
					bound = bound || id.Name != "_"
				}
			}
			if bound && n.Tok == token.DEFINE && e.eval(n.X) != nil {
				quiet[n.X] = true
			}
		case *ast.Field:
			for _, name := range n.Names {
				skip[name] = true
			}
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok {
				skip[id] = true // a struct field's name
			}
		case *ast.SelectorExpr:
			skip[n.Sel] = true
			if x, ok := n.X.(*ast.Ident); ok {
				if p, imported := f.imports[x.Name]; imported && x.Obj == nil {
					skip[x] = true
					// cli.FindRoot itself is a value eval follows; another function that
					// finds the root reads what it likes.
					if a.finders[p][n.Sel.Name] && !isRootSel(f, n) {
						a.note(decl, f, n, rootValue)
					}
					return false
				}
			}
			a.refs[decl] = append(a.refs[decl], n.Sel.Name) // a method, by name
		case *ast.BranchStmt, *ast.LabeledStmt:
			if l, ok := n.(*ast.LabeledStmt); ok {
				skip[l.Label] = true
			}
		case *ast.Ident:
			if skip[n] {
				return false
			}
			if n.Obj == nil || a.isPackageLevel(n.Obj) {
				a.refs[decl] = append(a.refs[decl], n.Name)
			}
		}
		if x, ok := n.(ast.Expr); ok && !skip[n] {
			if vals := e.eval(x); vals != nil {
				if !quiet[n] {
					a.recordVals(f, decl, x, vals)
				}
				for _, c := range e.parts(x) {
					quiet[c] = true
				}
			}
		}
		return true
	})
}

// bindsFirst reports whether v, the single value of a two-name definition, gives its first
// name a path value: root, err := cli.FindRoot(...); abs, err := filepath.Abs(p).
func (a *analysis) bindsFirst(f *file, v ast.Expr) bool {
	call, ok := v.(*ast.CallExpr)
	if !ok {
		return false
	}
	return (evaluator{a: a, f: f}).eval(call) != nil
}

// isPackageLevel reports whether obj is a function or a package-level variable or constant.
//
// The parser's identifier resolution (ast.Object) is deprecated because it cannot be exact
// without types (a composite literal's keys). It is what this needs: go/types would type-check
// the module and its dependencies for every selection, the cost the selection saves, and the
// keys of composite literals are handled on their own (scan skips a key that is a name).
func (a *analysis) isPackageLevel(obj *ast.Object) bool { //nolint:staticcheck // see above
	switch d := obj.Decl.(type) {
	case *ast.FuncDecl:
		return true
	case *ast.ValueSpec:
		return a.pkg.varSpecs[d]
	}
	return false
}

// recordVals notes the path expression at e with values vals in decl, if one of them reads a
// file.
func (a *analysis) recordVals(f *file, decl ast.Node, e ast.Node, vals []string) {
	for _, v := range vals {
		a.note(decl, f, e, v)
	}
}

// note records why decl reads a file when value v, at node at, reads one.
func (a *analysis) note(decl ast.Node, f *file, at ast.Node, v string) {
	if a.why[decl] != "" {
		return
	}
	rp, ok := a.repoPath(v)
	if !ok {
		return
	}
	for _, t := range a.files {
		if covers(rp, t) {
			pos := a.pkg.fset.Position(at.Pos())
			a.why[decl] = fmt.Sprintf("%s:%d reads %s", filepath.Base(pos.Filename), pos.Line, rp)
			return
		}
	}
}

// repoPath turns a value into a path relative to the repository root. It says false for a
// value outside the repository (an absolute path, too many "..") and for one inside the
// module above the package's folder (the module's own code).
func (a *analysis) repoPath(v string) (string, bool) {
	if v == "" {
		return "", false // an empty string is rarely a path, and "." is written so
	}
	if rest, ok := strings.CutPrefix(v, rootValue); ok {
		return path.Clean("./" + rest), true
	}
	if path.IsAbs(v) {
		return "", false
	}
	rp := path.Join(a.pkg.rel, v)
	if rp == ".." || strings.HasPrefix(rp, "../") {
		return "", false
	}
	inModule := rp == a.moduleRel || strings.HasPrefix(rp, a.moduleRel+"/")
	if inModule && rp != a.pkg.rel && strings.HasPrefix(a.pkg.rel, rp+"/") {
		return "", false
	}
	return rp, true
}

// covers reports whether path expression value p (relative to the root; "." the root) reads
// file t: t is p, lies under it, or matches it (or a folder above t does) as a glob.
func covers(p, t string) bool {
	if p == "." || p == t || strings.HasPrefix(t, p+"/") {
		return true
	}
	if !strings.ContainsAny(p, "*?[") {
		return false
	}
	for d := t; d != "." && d != "/"; d = path.Dir(d) {
		if ok, _ := path.Match(p, d); ok {
			return true
		}
	}
	return false
}

// evaluator works out the values of expressions in one file.
type evaluator struct {
	a    *analysis
	f    *file
	seen map[ast.Node]bool
}

// eval returns the possible values of e, or nil when they cannot be worked out.
func (e evaluator) eval(x ast.Expr) []string {
	if e.seen == nil {
		e.seen = map[ast.Node]bool{}
	}
	if e.seen[x] {
		return nil
	}
	e.seen[x] = true
	defer delete(e.seen, x)
	switch x := x.(type) {
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return nil
		}
		s, err := strconv.Unquote(x.Value)
		if err != nil {
			return nil
		}
		return []string{s}
	case *ast.ParenExpr:
		return e.eval(x.X)
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return nil
		}
		l := e.eval(x.X)
		if l == nil {
			return nil
		}
		r := e.eval(x.Y)
		if r == nil {
			// Something under the folder the known part names.
			out := make([]string, len(l))
			for i, s := range l {
				out[i] = dirOf(s)
			}
			return out
		}
		var out []string
		for _, a := range l {
			for _, b := range r {
				out = append(out, a+b)
			}
		}
		return out
	case *ast.CompositeLit:
		var out []string
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if _, field := kv.Key.(*ast.Ident); !field {
					out = append(out, e.eval(kv.Key)...)
				}
				el = kv.Value
			}
			out = append(out, e.eval(el)...)
		}
		return out
	case *ast.Ident:
		return e.ident(x)
	case *ast.CallExpr:
		return e.call(x)
	}
	return nil
}

// dirOf is the folder a value's unknown continuation lies under.
func dirOf(s string) string {
	if strings.HasSuffix(s, "/") || s == rootValue {
		return s
	}
	return path.Dir(s)
}

// ident follows an identifier to its definition.
func (e evaluator) ident(id *ast.Ident) []string {
	var lhs []ast.Expr
	var rhs []ast.Expr
	switch d := e.decl(id).(type) {
	case *ast.ValueSpec:
		for _, n := range d.Names {
			lhs = append(lhs, n)
		}
		rhs = d.Values
	case *ast.AssignStmt:
		lhs, rhs = d.Lhs, d.Rhs
	default:
		return nil
	}
	i := slices.IndexFunc(lhs, func(l ast.Expr) bool {
		n, ok := l.(*ast.Ident)
		return ok && n.Name == id.Name
	})
	if i < 0 {
		return nil
	}
	if len(rhs) == 1 {
		if u, ok := rhs[0].(*ast.UnaryExpr); ok && u.Op == token.RANGE {
			return e.eval(u.X) // a range variable: any key or element
		}
	}
	switch {
	case len(rhs) == len(lhs):
		return e.eval(rhs[i])
	case len(rhs) == 1 && i == 0:
		return e.eval(rhs[0]) // root, err := cli.FindRoot(...)
	}
	return nil
}

// decl returns where id is defined: the parser's resolution within a file, else a
// package-level variable or constant of another file.
func (e evaluator) decl(id *ast.Ident) any {
	if id.Obj != nil {
		if id.Obj.Kind != ast.Var && id.Obj.Kind != ast.Con {
			return nil
		}
		return id.Obj.Decl
	}
	if _, imported := e.f.imports[id.Name]; imported {
		return nil
	}
	if vs := e.a.pkg.vars[id.Name]; vs != nil {
		return vs
	}
	return nil
}

// call evaluates the calls that keep or build a path.
func (e evaluator) call(c *ast.CallExpr) []string {
	if isRootCall(e.f, e.a.pkg.importPath, c) {
		return []string{rootValue}
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok || x.Obj != nil {
		return nil
	}
	p := e.f.imports[x.Name]
	if p != "path/filepath" && p != "path" {
		return nil
	}
	switch sel.Sel.Name {
	case "Abs", "Clean", "FromSlash", "ToSlash":
		if len(c.Args) == 1 {
			return e.eval(c.Args[0])
		}
	case "Dir":
		if len(c.Args) == 1 {
			var out []string
			for _, s := range e.eval(c.Args[0]) {
				out = append(out, joinValue(s, ".."))
			}
			return out
		}
	case "Join":
		if len(c.Args) == 0 || c.Ellipsis.IsValid() {
			return nil
		}
		out := e.eval(c.Args[0])
		for _, arg := range c.Args[1:] {
			if out == nil {
				return nil
			}
			parts := e.eval(arg)
			if parts == nil {
				return out // everything under the known part
			}
			var next []string
			for _, a := range out {
				for _, b := range parts {
					next = append(next, joinValue(a, b))
				}
			}
			out = next
		}
		return out
	}
	return nil
}

// joinValue joins b to value a, keeping the root marker in front.
func joinValue(a, b string) string {
	if rest, ok := strings.CutPrefix(a, rootValue); ok {
		j := path.Join("/", rest, b)
		return rootValue + strings.TrimPrefix(j, "/")
	}
	return path.Join(a, b)
}

// parts returns the sub-expressions of x whose values went into x's value: they are not path
// expressions of their own.
func (e evaluator) parts(x ast.Expr) []ast.Node {
	switch x := x.(type) {
	case *ast.ParenExpr:
		return []ast.Node{x.X}
	case *ast.BinaryExpr:
		return []ast.Node{x.X, x.Y}
	case *ast.CompositeLit:
		var out []ast.Node
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				out = append(out, kv.Key, kv.Value)
				continue
			}
			out = append(out, el)
		}
		return out
	case *ast.CallExpr:
		if e.call(x) != nil {
			out := make([]ast.Node, len(x.Args))
			for i, a := range x.Args {
				out[i] = a
			}
			return out
		}
	}
	return nil
}
