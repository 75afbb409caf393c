// Package envcheck finds, statically, which environment variables each service reads and
// which ones each terraform stack sets, so a test can hold both against the one list in
// libs/kit/envnames.
//
// A read is a call to getenv/Getenv/LookupEnv or to an envconfig.Reader method (String, Int,
// Duration, PositiveDuration, OneOf, Required, Fail) whose first argument is a string constant
// that looks like a variable name, in the non-test Go files of every package a service's
// command (its service.yaml's cmd/<command>) imports, directly or not, from this repository.
package envcheck

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

// readers are the function and method names whose first argument is a variable's name.
var readers = map[string]bool{
	"getenv": true, "Getenv": true, "LookupEnv": true,
	"String": true, "Int": true, "Duration": true, "PositiveDuration": true, "OneOf": true,
	"Required": true, "RequiredIf": true, "Fail": true,
}

var varName = regexp.MustCompile(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$|^[A-Z]{4,}$`)

// Read is one variable read in the Go code.
type Read struct {
	// Name is the variable.
	Name string
	// Pos is file:line of the read, relative to the repository root.
	Pos string
}

// pkg is one parsed Go package of the repository.
type pkg struct {
	imports []string
	reads   []Read
	consts  map[string]string
	files   []*ast.File
	fset    *token.FileSet
	dir     string
}

// ServiceReads returns, per service (svcdef), every variable its command reads, sorted by
// name (one Read per name, the first place found).
func ServiceReads(root string) (map[string][]Read, error) {
	services, err := svcdef.Load(root)
	if err != nil {
		return nil, fmt.Errorf("load services: %w", err)
	}
	pkgs, err := loadPackages(root)
	if err != nil {
		return nil, err
	}
	resolveReads(root, pkgs)
	out := map[string][]Read{}
	for _, s := range services {
		main := modulePrefix + s.CommandPath()
		if pkgs[main] == nil {
			return nil, fmt.Errorf("%s: command %s has no Go files", s.File(), s.CommandPath())
		}
		queue := []string{main}
		seen := map[string]bool{}
		names := map[string]Read{}
		for len(queue) > 0 {
			path := queue[0]
			queue = queue[1:]
			if seen[path] {
				continue
			}
			seen[path] = true
			p := pkgs[path]
			for _, r := range p.reads {
				if _, ok := names[r.Name]; !ok {
					names[r.Name] = r
				}
			}
			for _, imp := range p.imports {
				if _, ok := pkgs[imp]; ok {
					queue = append(queue, imp)
				}
			}
		}
		var reads []Read
		for _, r := range names {
			reads = append(reads, r)
		}
		sort.Slice(reads, func(i, j int) bool { return reads[i].Name < reads[j].Name })
		out[s.Name] = reads
	}
	return out, nil
}

// modulePrefix is the import path prefix of every module in the repository.
const modulePrefix = "github.com/tsumiki-dev/tsumiki/"

// loadPackages parses the non-test Go files under services/ and libs/, keyed by import path.
func loadPackages(root string) (map[string]*pkg, error) {
	pkgs := map[string]*pkg{}
	for _, top := range []string{"services", "libs"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if name := d.Name(); name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			rel, err := filepath.Rel(root, filepath.Dir(path))
			if err != nil {
				return err
			}
			imp := modulePrefix + filepath.ToSlash(rel)
			p := pkgs[imp]
			if p == nil {
				p = &pkg{consts: map[string]string{}, fset: token.NewFileSet(), dir: rel}
				pkgs[imp] = p
			}
			f, err := parser.ParseFile(p.fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				return fmt.Errorf("parse %s: %w", path, err)
			}
			p.files = append(p.files, f)
			for _, is := range f.Imports {
				v, _ := strconv.Unquote(is.Path.Value)
				p.imports = append(p.imports, v)
			}
			for _, decl := range f.Decls {
				gd, ok := decl.(*ast.GenDecl)
				if !ok || gd.Tok != token.CONST {
					continue
				}
				for _, spec := range gd.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							if s, ok := stringLit(vs.Values[i]); ok {
								p.consts[n.Name] = s
							}
						}
					}
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("walk %s: %w", top, err)
		}
	}
	return pkgs, nil
}

// resolveReads finds the reads of every package, resolving constants of the same package
// and of imported repository packages.
func resolveReads(root string, pkgs map[string]*pkg) {
	for _, p := range pkgs {
		for _, f := range p.files {
			aliases := map[string]string{}
			for _, is := range f.Imports {
				path, _ := strconv.Unquote(is.Path.Value)
				name := path[strings.LastIndex(path, "/")+1:]
				if is.Name != nil {
					name = is.Name.Name
				}
				aliases[name] = path
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) == 0 {
					return true
				}
				var fn string
				switch c := call.Fun.(type) {
				case *ast.Ident:
					fn = c.Name
				case *ast.SelectorExpr:
					fn = c.Sel.Name
				}
				if !readers[fn] {
					return true
				}
				var name string
				switch a := call.Args[0].(type) {
				case *ast.BasicLit:
					name, _ = stringLit(a)
				case *ast.Ident:
					name = p.consts[a.Name]
				case *ast.SelectorExpr:
					if x, ok := a.X.(*ast.Ident); ok {
						if other := pkgs[aliases[x.Name]]; other != nil {
							name = other.consts[a.Sel.Name]
						}
					}
				}
				if varName.MatchString(name) {
					pos := p.fset.Position(call.Pos())
					rel, _ := filepath.Rel(root, pos.Filename)
					p.reads = append(p.reads, Read{Name: name, Pos: fmt.Sprintf("%s:%d", filepath.ToSlash(rel), pos.Line)})
				}
				return true
			})
		}
	}
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// StackSets returns, per stack folder under terraform/stacks/, the keys of every
// environment_variables argument in its .tf files (the variables its tasks or functions get).
func StackSets(root string) (map[string][]string, error) {
	dir := filepath.Join(root, "terraform", "stacks")
	stacks, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list stacks: %w", err)
	}
	out := map[string][]string{}
	for _, s := range stacks {
		if !s.IsDir() {
			continue
		}
		files, err := filepath.Glob(filepath.Join(dir, s.Name(), "*.tf"))
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", s.Name(), err)
		}
		for _, path := range files {
			names, err := environmentKeys(path)
			if err != nil {
				return nil, err
			}
			out[s.Name()] = append(out[s.Name()], names...)
		}
		sort.Strings(out[s.Name()])
	}
	return out, nil
}

// environmentKeys returns the keys of every environment_variables object in one file.
func environmentKeys(path string) ([]string, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("parse %s: %w", path, diags)
	}
	var keys []string
	var walk func(b *hclsyntax.Body) error
	walk = func(b *hclsyntax.Body) error {
		for name, attr := range b.Attributes {
			if name != "environment_variables" {
				continue
			}
			obj, ok := attr.Expr.(*hclsyntax.ObjectConsExpr)
			if !ok {
				return fmt.Errorf("%s: environment_variables is not an object literal; write its keys out", attr.NameRange)
			}
			for _, item := range obj.Items {
				k, diags := item.KeyExpr.Value(nil)
				if diags.HasErrors() {
					return fmt.Errorf("%s: environment_variables key is not a literal", item.KeyExpr.Range())
				}
				keys = append(keys, k.AsString())
			}
		}
		for _, blk := range b.Blocks {
			if err := walk(blk.Body); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(f.Body.(*hclsyntax.Body)); err != nil {
		return nil, err
	}
	return keys, nil
}
