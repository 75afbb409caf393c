// Package tfconfig reads terraform configuration statically, without terraform or providers:
// the resources, module calls, locals, variables and moved/removed blocks of every module
// directory under a tree. The terraform guards, the affected-stack computation and the
// name-stability test build on it.
package tfconfig

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// NameAttributes are the resource arguments that determine a cloud-side name across the AWS
// provider. Changing one of them replaces the resource unless InPlaceRenames says otherwise.
var NameAttributes = map[string]bool{
	"name": true, "name_prefix": true, "bucket": true, "bucket_prefix": true,
	"identifier": true, "identifier_prefix": true, "cluster_identifier": true, "cluster_id": true,
	"family": true, "function_name": true, "alarm_name": true, "role_name": true,
	"configuration_set_name": true, "email_identity": true, "table_name": true,
	"repository_name": true, "queue_name": true, "topic_name": true,
}

// InPlaceRenames lists, per resource type, the name arguments the provider updates in place
// (so changing them renames without replacing). Every other type/argument pair is assumed to
// force a replacement, which errs on the safe side.
var InPlaceRenames = map[string]map[string]bool{
	// AWS provider 5.0 and later rename a DB instance in place (ModifyDBInstance).
	"aws_db_instance": {"identifier": true, "identifier_prefix": true},
}

// Expr is one attribute's expression, kept as normalised source text plus the references it
// makes.
type Expr struct {
	// Text is the expression's source with runs of whitespace collapsed to one space, so that
	// a reformat is not a change.
	Text string
	// Refs are the expression's references as "local.x", "var.y", "module.z", "each.key",
	// "aws_s3_bucket.this" (the first two traversal steps, or one for single-step roots).
	Refs []string
	// Syntax is the parsed expression, for evaluation.
	Syntax hcl.Expression
}

// Resource is a resource or data block.
type Resource struct {
	// Address is the address inside its module: "aws_s3_bucket.this" or "data.aws_iam_policy_document.x".
	Address string
	// Type and Name are the block's two labels.
	Type, Name string
	// Data is true for data blocks.
	Data bool
	// Count and ForEach say which repetition argument the block uses, if any.
	Count, ForEach bool
	// Repeat is the count or for_each expression, nil without repetition.
	Repeat hcl.Expression
	// Attrs holds the top-level attributes (nested blocks are not kept).
	Attrs map[string]Expr
	// Pos is where the block starts, as "file.tf:line".
	Pos string
}

// Call is a module block.
type Call struct {
	// Address is "module.<name>".
	Address string
	// Name is the block's label.
	Name string
	// Source is the source argument's literal value ("" when it is not a literal).
	Source string
	// Count and ForEach say which repetition argument the block uses, if any.
	Count, ForEach bool
	// Repeat is the count or for_each expression, nil without repetition.
	Repeat hcl.Expression
	// Args are the call's arguments other than source, version, count, for_each, providers
	// and depends_on.
	Args map[string]Expr
	// Pos is where the block starts, as "file.tf:line".
	Pos string
}

// Moved is a moved block.
type Moved struct {
	// From and To are the block's addresses rendered as terraform writes them.
	From, To string
	// Pos is where the block starts, as "file.tf:line".
	Pos string
}

// Module is the configuration of one directory.
type Module struct {
	// Dir is the directory, slash-separated and relative to the tree's root.
	Dir string
	// Resources by address.
	Resources map[string]*Resource
	// Calls by address ("module.x").
	Calls map[string]*Call
	// Locals by name.
	Locals map[string]Expr
	// Variables are the names of the declared input variables.
	Variables map[string]bool
	// Defaults holds the default expression of each variable that has one.
	Defaults map[string]hcl.Expression
	// Outputs holds each output's value expression.
	Outputs map[string]Expr
	// Moved holds every moved block.
	Moved []Moved
	// Removed holds the from address of every removed block.
	Removed []string
	// Backend is true when a terraform block declares a backend, which marks a root stack.
	Backend bool
}

// Tree is every module directory found under a root, keyed by Module.Dir.
type Tree map[string]*Module

// Dirs returns the tree's directories, sorted.
func (t Tree) Dirs() []string {
	dirs := make([]string, 0, len(t))
	for d := range t {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	return dirs
}

// LocalSource resolves a call's source relative to the calling directory. It returns "" for
// sources that are not local paths (registry, git, ...).
func LocalSource(dir, source string) string {
	if !strings.HasPrefix(source, "./") && !strings.HasPrefix(source, "../") {
		return ""
	}
	return path.Clean(path.Join(dir, source))
}

// LoadTree parses every directory holding .tf files under root/sub for each sub in subs
// (missing subs are skipped). Hidden directories and .terraform are ignored. Errors name the
// file and line.
func LoadTree(root string, subs ...string) (Tree, error) {
	tree := Tree{}
	var errs []error
	for _, sub := range subs {
		start := filepath.Join(root, filepath.FromSlash(sub))
		if _, err := os.Stat(start); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		err := filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				return nil
			}
			if p != start && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return fmt.Errorf("relative path of %s: %w", p, err)
			}
			m, err := LoadDir(root, filepath.ToSlash(rel))
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			if m != nil {
				tree[m.Dir] = m
			}
			return nil
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("walk %s: %w", start, err))
		}
	}
	return tree, errors.Join(errs...)
}

// LoadDir parses the .tf files of root/dir. It returns nil and no error when the directory
// holds no .tf file.
func LoadDir(root, dir string) (*Module, error) {
	full := filepath.Join(root, filepath.FromSlash(dir))
	files, err := filepath.Glob(filepath.Join(full, "*.tf"))
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", full, err)
	}
	if len(files) == 0 {
		return nil, nil
	}
	sort.Strings(files)
	m := &Module{
		Dir:       dir,
		Resources: map[string]*Resource{},
		Calls:     map[string]*Call{},
		Locals:    map[string]Expr{},
		Variables: map[string]bool{},
		Defaults:  map[string]hcl.Expression{},
		Outputs:   map[string]Expr{},
	}
	var errs []error
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", f, err))
			continue
		}
		name := path.Join(dir, filepath.Base(f))
		if err := m.parseFile(name, src); err != nil {
			errs = append(errs, err)
		}
	}
	return m, errors.Join(errs...)
}

// ParseFile adds the blocks of one file's source to m; name is used in positions and errors.
func (m *Module) parseFile(name string, src []byte) error {
	file, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		return fmt.Errorf("parse %s: %w", name, diags)
	}
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok {
		return fmt.Errorf("parse %s: unexpected body type %T", name, file.Body)
	}
	var errs []error
	for _, b := range body.Blocks {
		pos := fmt.Sprintf("%s:%d", name, b.DefRange().Start.Line)
		switch b.Type {
		case "resource", "data":
			if len(b.Labels) != 2 {
				continue
			}
			r := &Resource{
				Type: b.Labels[0], Name: b.Labels[1], Data: b.Type == "data",
				Attrs: exprs(src, b.Body, nil), Pos: pos,
			}
			r.Count, r.ForEach, r.Repeat = repetition(b.Body)
			r.Address = r.Type + "." + r.Name
			if r.Data {
				r.Address = "data." + r.Address
			}
			m.Resources[r.Address] = r
		case "module":
			if len(b.Labels) != 1 {
				continue
			}
			c := &Call{
				Name: b.Labels[0], Address: "module." + b.Labels[0], Pos: pos,
				Args: exprs(src, b.Body, map[string]bool{
					"source": true, "version": true, "count": true, "for_each": true,
					"providers": true, "depends_on": true,
				}),
			}
			c.Count, c.ForEach, c.Repeat = repetition(b.Body)
			if a, ok := b.Body.Attributes["source"]; ok {
				if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type().FriendlyName() == "string" && v.IsKnown() && !v.IsNull() {
					c.Source = v.AsString()
				}
			}
			m.Calls[c.Address] = c
		case "locals":
			for k, e := range exprs(src, b.Body, nil) {
				m.Locals[k] = e
			}
		case "variable":
			if len(b.Labels) == 1 {
				m.Variables[b.Labels[0]] = true
				if d, ok := b.Body.Attributes["default"]; ok {
					m.Defaults[b.Labels[0]] = d.Expr
				}
			}
		case "output":
			if len(b.Labels) == 1 {
				if v, ok := exprs(src, b.Body, nil)["value"]; ok {
					m.Outputs[b.Labels[0]] = v
				}
			}
		case "moved":
			from, errFrom := traversalAttr(b.Body, "from", pos)
			to, errTo := traversalAttr(b.Body, "to", pos)
			if err := errors.Join(errFrom, errTo); err != nil {
				errs = append(errs, err)
				continue
			}
			m.Moved = append(m.Moved, Moved{From: from, To: to, Pos: pos})
		case "removed":
			from, err := traversalAttr(b.Body, "from", pos)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			m.Removed = append(m.Removed, from)
		case "terraform":
			for _, inner := range b.Body.Blocks {
				if inner.Type == "backend" || inner.Type == "cloud" {
					m.Backend = true
				}
			}
		}
	}
	return errors.Join(errs...)
}

// repetition returns which of count and for_each body sets, and the expression.
func repetition(body *hclsyntax.Body) (count, forEach bool, expr hcl.Expression) {
	if a, ok := body.Attributes["count"]; ok {
		return true, false, a.Expr
	}
	if a, ok := body.Attributes["for_each"]; ok {
		return false, true, a.Expr
	}
	return false, false, nil
}

// traversalAttr renders the traversal held by attribute name of body.
func traversalAttr(body *hclsyntax.Body, name, pos string) (string, error) {
	a, ok := body.Attributes[name]
	if !ok {
		return "", fmt.Errorf("%s: block has no %q argument", pos, name)
	}
	t, diags := hcl.AbsTraversalForExpr(a.Expr)
	if diags.HasErrors() {
		return "", fmt.Errorf("%s: %q is not an address: %w", pos, name, diags)
	}
	return RenderTraversal(t), nil
}

// RenderTraversal writes a traversal the way terraform prints addresses:
// module.a["k"].aws_s3_bucket.this[0].
func RenderTraversal(t hcl.Traversal) string {
	var b strings.Builder
	for i, step := range t {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			if i > 0 {
				b.WriteString(".")
			}
			b.WriteString(s.Name)
		case hcl.TraverseIndex:
			if s.Key.Type().FriendlyName() == "string" {
				fmt.Fprintf(&b, "[%q]", s.Key.AsString())
			} else {
				fmt.Fprintf(&b, "[%s]", s.Key.AsBigFloat().Text('f', -1))
			}
		}
	}
	return b.String()
}

var indexRE = regexp.MustCompile(`\[[^\]]*\]`)

// StripKeys removes instance keys from an address: module.a["x"].aws_s3_bucket.b[0] becomes
// module.a.aws_s3_bucket.b.
func StripKeys(addr string) string {
	return indexRE.ReplaceAllString(addr, "")
}

var spaceRE = regexp.MustCompile(`\s+`)

// exprs returns the top-level attributes of body except those named in skip.
func exprs(src []byte, body *hclsyntax.Body, skip map[string]bool) map[string]Expr {
	out := map[string]Expr{}
	for name, a := range body.Attributes {
		if skip[name] {
			continue
		}
		r := a.Expr.Range()
		text := strings.TrimSpace(spaceRE.ReplaceAllString(string(r.SliceBytes(src)), " "))
		seen := map[string]bool{}
		var refs []string
		for _, t := range a.Expr.Variables() {
			ref := refOf(t)
			if !seen[ref] {
				seen[ref] = true
				refs = append(refs, ref)
			}
		}
		sort.Strings(refs)
		out[name] = Expr{Text: text, Refs: refs, Syntax: a.Expr}
	}
	return out
}

// refOf renders the first two steps of a traversal ("local.x", "module.y", "var.z").
func refOf(t hcl.Traversal) string {
	if len(t) > 2 {
		t = t[:2]
	}
	return StripKeys(RenderTraversal(t))
}
