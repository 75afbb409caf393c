// Package tfpolicy checks the terraform configuration of the repository (every module and stack)
// against the platform's rules, statically, from the HCL alone: no provider, no credentials, no
// network. Each rule has an ID, and a block can opt out of one rule with a comment inside it,
// "# tfpolicy:allow <rule-id> -- <reason>", which is how documented exceptions are written.
// The rules of tflint's terraform ruleset ("all" preset) are here too, under tflint's names
// (TflintRules), so tflint itself is not built.
package tfpolicy

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Dir is one terraform directory (module or root): its blocks, merged over its .tf files.
type Dir struct {
	// Path is the directory, relative to the repository root, with forward slashes.
	Path string
	// Blocks are the top-level blocks of every .tf file in the directory, in file order.
	Blocks []*Block
	// Files maps each .tf file of the directory (path relative to the repository root, even
	// one without blocks) to its source, for the rules that read files and comments.
	Files map[string][]byte
}

// Block is a top-level block with the source it came from.
type Block struct {
	// Body is the parsed block.
	*hclsyntax.Block
	// File is the path of the file, relative to the repository root.
	File string
	// Src is the whole file's source, to find opt-out comments inside the block.
	Src []byte
}

// Repo is every terraform directory under modules/ and terraform/ of a repository root.
type Repo struct {
	// Root is the repository root on disk.
	Root string
	// Dirs maps a directory path (relative, forward slashes) to its configuration.
	Dirs map[string]*Dir
}

// Load parses every .tf file under root/modules and root/terraform. Directories named
// .terraform and testdata are skipped. It returns an error naming the file on a parse error.
func Load(root string) (*Repo, error) {
	repo := &Repo{Root: root, Dirs: map[string]*Dir{}}
	parser := hclparse.NewParser()
	for _, top := range []string{"modules", "terraform"} {
		base := filepath.Join(root, top)
		if _, err := os.Stat(base); err != nil {
			continue
		}
		err := filepath.WalkDir(base, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == ".terraform" || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".tf") {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return fmt.Errorf("read %s: %w", path, err)
			}
			file, diags := parser.ParseHCL(src, path)
			if diags.HasErrors() {
				return fmt.Errorf("parse %s: %w", path, diags)
			}
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return fmt.Errorf("relative path of %s: %w", path, err)
			}
			rel = filepath.ToSlash(rel)
			dirPath := filepath.ToSlash(filepath.Dir(rel))
			dir := repo.Dirs[dirPath]
			if dir == nil {
				dir = &Dir{Path: dirPath, Files: map[string][]byte{}}
				repo.Dirs[dirPath] = dir
			}
			dir.Files[rel] = src
			body, ok := file.Body.(*hclsyntax.Body)
			if !ok {
				return fmt.Errorf("parse %s: not native HCL syntax", path)
			}
			for _, b := range body.Blocks {
				dir.Blocks = append(dir.Blocks, &Block{Block: b, File: rel, Src: src})
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", top, err)
		}
	}
	return repo, nil
}

// SortedDirs returns the directories in path order, so findings come out stable.
func (r *Repo) SortedDirs() []*Dir {
	dirs := make([]*Dir, 0, len(r.Dirs))
	for _, d := range r.Dirs {
		dirs = append(dirs, d)
	}
	sort.Slice(dirs, func(i, j int) bool { return dirs[i].Path < dirs[j].Path })
	return dirs
}

// Of returns the blocks of a type ("resource", "module", ...) with, when given, first label.
func (d *Dir) Of(typ string, firstLabel ...string) []*Block {
	var out []*Block
	for _, b := range d.Blocks {
		if b.Type != typ {
			continue
		}
		if len(firstLabel) > 0 && (len(b.Labels) == 0 || b.Labels[0] != firstLabel[0]) {
			continue
		}
		out = append(out, b)
	}
	return out
}

// Resource returns the resource block of a type and name, or nil.
func (d *Dir) Resource(typ, name string) *Block {
	for _, b := range d.Of("resource", typ) {
		if len(b.Labels) == 2 && b.Labels[1] == name {
			return b
		}
	}
	return nil
}

// IsRoot reports whether the directory is a root stack: it configures a backend.
func (d *Dir) IsRoot() bool {
	for _, tf := range d.Of("terraform") {
		for _, b := range tf.Body.Blocks {
			if b.Type == "backend" {
				return true
			}
		}
	}
	return false
}

// HasVariable reports whether the directory declares the named input variable.
func (d *Dir) HasVariable(name string) bool {
	for _, v := range d.Of("variable") {
		if len(v.Labels) == 1 && v.Labels[0] == name {
			return true
		}
	}
	return false
}

// HasOutput reports whether the directory declares the named output.
func (d *Dir) HasOutput(name string) bool {
	for _, o := range d.Of("output") {
		if len(o.Labels) == 1 && o.Labels[0] == name {
			return true
		}
	}
	return false
}

// ModuleTarget resolves a module block's local source ("../naming") to the directory it calls,
// or nil when the source is not a local path inside the repository.
func (r *Repo) ModuleTarget(from *Dir, module *Block) *Dir {
	src, ok := literalString(module.Body, "source")
	if !ok || (!strings.HasPrefix(src, "./") && !strings.HasPrefix(src, "../")) {
		return nil
	}
	return r.Dirs[filepath.ToSlash(filepath.Clean(filepath.Join(from.Path, src)))]
}

// Allows reports whether the block carries an opt-out comment for the rule.
func (b *Block) Allows(rule string) bool {
	return allowsIn(b.Src, b.Range(), rule)
}

func allowsIn(src []byte, rng hcl.Range, rule string) bool {
	if rng.Start.Byte < 0 || rng.End.Byte > len(src) || rng.Start.Byte > rng.End.Byte {
		return false
	}
	return strings.Contains(string(src[rng.Start.Byte:rng.End.Byte]), "tfpolicy:allow "+rule)
}

// Address is "resource.type.name", "module.name", ... for messages.
func (b *Block) Address() string {
	return strings.Join(append([]string{b.Type}, b.Labels...), ".")
}

// literalString returns the value of a string attribute that is a plain literal.
func literalString(body *hclsyntax.Body, name string) (string, bool) {
	attr, ok := body.Attributes[name]
	if !ok {
		return "", false
	}
	v, diags := attr.Expr.Value(nil)
	if diags.HasErrors() || !v.Type().Equals(cty.String) || v.IsNull() || !v.IsKnown() {
		return "", false
	}
	return v.AsString(), true
}

// literalBool returns the value of a bool attribute that is a plain literal.
func literalBool(body *hclsyntax.Body, name string) (value, ok bool) {
	attr, found := body.Attributes[name]
	if !found {
		return false, false
	}
	v, diags := attr.Expr.Value(nil)
	if diags.HasErrors() || !v.Type().Equals(cty.Bool) || v.IsNull() || !v.IsKnown() {
		return false, false
	}
	return v.True(), true
}

// nestedBlocks returns the nested blocks of a type (including dynamic "<type>" content blocks).
func nestedBlocks(body *hclsyntax.Body, typ string) []*hclsyntax.Block {
	var out []*hclsyntax.Block
	for _, b := range body.Blocks {
		switch {
		case b.Type == typ:
			out = append(out, b)
		case b.Type == "dynamic" && len(b.Labels) == 1 && b.Labels[0] == typ:
			for _, c := range b.Body.Blocks {
				if c.Type == "content" {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// references returns the traversals an expression refers to, as dotted names without index
// steps, e.g. "module.name.id" or "data.terraform_remote_state.network.outputs.vpc_id".
func references(expr hclsyntax.Expression) []string {
	var out []string
	for _, t := range expr.Variables() {
		var parts []string
		for _, step := range t {
			switch s := step.(type) {
			case hcl.TraverseRoot:
				parts = append(parts, s.Name)
			case hcl.TraverseAttr:
				parts = append(parts, s.Name)
			}
		}
		out = append(out, strings.Join(parts, "."))
	}
	return out
}

// allAttributes returns every attribute of a body and its nested blocks.
func allAttributes(body *hclsyntax.Body) []*hclsyntax.Attribute {
	var out []*hclsyntax.Attribute
	for _, a := range body.Attributes {
		out = append(out, a)
	}
	for _, b := range body.Blocks {
		out = append(out, allAttributes(b.Body)...)
	}
	return out
}
