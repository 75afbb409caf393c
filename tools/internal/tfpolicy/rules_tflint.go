package tfpolicy

// The rules in this file are those of tflint's bundled terraform ruleset, "all" preset
// (github.com/terraform-linters/tflint-ruleset-terraform, docs/rules/<id>.md), which `make tf/lint`
// ran with tflint until tfpolicy took them over: building tflint from source cost minutes on a
// fresh machine, and tfpolicy already parses every module and stack. Each keeps tflint's rule
// name as its ID and tflint's message, and applies to every directory the way
// `tflint --recursive` does (each one is a root). Three rules of the preset do not apply here:
// terraform_module_pinned_source and terraform_module_version judge remote module sources (git,
// registry), and terraform_workspace_remote the "remote" backend; the repository has neither,
// and local-module-source keeps it so (a remote source is a finding).

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// TflintRules are the rules that stand in for tflint's terraform ruleset ("all" preset), plus
// local-module-source, which keeps the preset's remote-source rules moot. They are part of
// Rules.
var TflintRules = []Rule{
	{"terraform_comment_syntax", "comments start with #, not //", checkCommentSyntax},
	{"terraform_deprecated_index", "list items are indexed with [n] and splats are [*], not the legacy .n and .*", checkDeprecatedIndex},
	{"terraform_deprecated_interpolation", "no interpolation-only strings (\"${x}\" is x)", checkDeprecatedInterpolation},
	{"terraform_deprecated_lookup", "no lookup() with two arguments (use map[key])", checkDeprecatedLookup},
	{"terraform_documented_outputs", "every output has a description", checkDocumentedOutputs},
	{"terraform_documented_variables", "every variable has a description", checkDocumentedVariables},
	{"terraform_empty_list_equality", "no comparison with [] (check length() instead)", checkEmptyListEquality},
	{"terraform_map_duplicate_keys", "no duplicate keys in a map literal", checkMapDuplicateKeys},
	{"terraform_naming_convention", "data, module, output, resource, variable, check data and local names are snake_case", checkNamingConvention},
	{"terraform_required_providers", "every provider used is in required_providers with a source and a version constraint", checkRequiredProviders},
	{"terraform_required_version", "every module and stack sets terraform { required_version }", checkRequiredVersion},
	{"terraform_standard_module_structure", "main.tf, variables.tf and outputs.tf exist; variables live in variables.tf, outputs in outputs.tf", checkStandardModuleStructure},
	{"terraform_typed_variables", "every variable has a type", checkTypedVariables},
	{"terraform_unused_declarations", "every variable, local, data source and provider alias is used", checkUnusedDeclarations},
	{"terraform_unused_required_providers", "every provider in required_providers is used by the module itself", checkUnusedRequiredProviders},
	{"local-module-source", "module sources are local paths (./ or ../): no registry or git modules to pin", checkLocalModuleSource},
}

// at is a finding at a line of a file.
func at(rule, file string, line int, format string, args ...any) Finding {
	return Finding{Rule: rule, Pos: fmt.Sprintf("%s:%d", file, line), Message: fmt.Sprintf(format, args...)}
}

// sortedFiles returns the directory's file paths in order.
func (d *Dir) sortedFiles() []string {
	files := make([]string, 0, len(d.Files))
	for f := range d.Files {
		files = append(files, f)
	}
	sort.Strings(files)
	return files
}

// walkNodes calls fn for every expression node of every top-level block that does not opt out
// of the rule, with the block it is in.
func walkNodes(r *Repo, rule string, fn func(b *Block, n hclsyntax.Node) []Finding) []Finding {
	var out []Finding
	for _, d := range r.SortedDirs() {
		for _, b := range d.Blocks {
			if b.Allows(rule) {
				continue
			}
			// The visitor returns no diagnostics, so VisitAll has none to return.
			_ = hclsyntax.VisitAll(b.Body, func(n hclsyntax.Node) hcl.Diagnostics {
				out = append(out, fn(b, n)...)
				return nil
			})
		}
	}
	return out
}

// --- terraform_comment_syntax

func checkCommentSyntax(r *Repo) []Finding {
	const id = "terraform_comment_syntax"
	var out []Finding
	for _, d := range r.SortedDirs() {
		for _, file := range d.sortedFiles() {
			tokens, _ := hclsyntax.LexConfig(d.Files[file], file, hcl.InitialPos)
			for _, t := range tokens {
				if t.Type == hclsyntax.TokenComment && strings.HasPrefix(string(t.Bytes), "//") {
					out = append(out, at(id, file, t.Range.Start.Line, "Comments should begin with #"))
				}
			}
		}
	}
	return out
}

// --- terraform_deprecated_index

func checkDeprecatedIndex(r *Repo) []Finding {
	const id = "terraform_deprecated_index"
	return walkNodes(r, id, func(b *Block, n hclsyntax.Node) []Finding {
		var steps hcl.Traversal
		switch e := n.(type) {
		case *hclsyntax.ScopeTraversalExpr:
			steps = e.Traversal
		case *hclsyntax.RelativeTraversalExpr:
			steps = e.Traversal
		case *hclsyntax.SplatExpr:
			if sourceOf(b.Src, e.MarkerRange) == ".*" {
				return []Finding{at(id, b.File, e.MarkerRange.Start.Line, "List items should be accessed using square brackets")}
			}
		}
		var out []Finding
		for _, step := range steps {
			if ix, ok := step.(hcl.TraverseIndex); ok && strings.HasPrefix(sourceOf(b.Src, ix.SrcRange), ".") {
				out = append(out, at(id, b.File, ix.SrcRange.Start.Line, "List items should be accessed using square brackets"))
			}
		}
		return out
	})
}

// sourceOf returns the source text of a range of the file.
func sourceOf(src []byte, rng hcl.Range) string {
	if rng.Start.Byte < 0 || rng.End.Byte > len(src) || rng.Start.Byte > rng.End.Byte {
		return ""
	}
	return string(src[rng.Start.Byte:rng.End.Byte])
}

// --- terraform_deprecated_interpolation

func checkDeprecatedInterpolation(r *Repo) []Finding {
	const id = "terraform_deprecated_interpolation"
	return walkNodes(r, id, func(b *Block, n hclsyntax.Node) []Finding {
		if e, ok := n.(*hclsyntax.TemplateWrapExpr); ok {
			return []Finding{at(id, b.File, e.SrcRange.Start.Line, "Interpolation-only expressions are deprecated in Terraform v0.12.14")}
		}
		return nil
	})
}

// --- terraform_deprecated_lookup

func checkDeprecatedLookup(r *Repo) []Finding {
	const id = "terraform_deprecated_lookup"
	return walkNodes(r, id, func(b *Block, n hclsyntax.Node) []Finding {
		if e, ok := n.(*hclsyntax.FunctionCallExpr); ok && e.Name == "lookup" && len(e.Args) == 2 {
			return []Finding{at(id, b.File, e.NameRange.Start.Line, "Lookup with 2 arguments is deprecated")}
		}
		return nil
	})
}

// --- terraform_documented_outputs, terraform_documented_variables, terraform_typed_variables

// checkEveryBlock returns a finding for every block of a type whose named attribute is missing
// (or, when nonEmpty, an empty string literal).
func checkEveryBlock(r *Repo, id, typ, attr string, nonEmpty bool, format string) []Finding {
	var out []Finding
	for _, d := range r.SortedDirs() {
		for _, b := range d.Of(typ) {
			if len(b.Labels) != 1 || b.Allows(id) {
				continue
			}
			_, present := b.Body.Attributes[attr]
			if v, ok := literalString(b.Body, attr); present && (!nonEmpty || !ok || v != "") {
				continue
			}
			out = append(out, finding(id, b, b.DefRange(), format, b.Labels[0]))
		}
	}
	return out
}

func checkDocumentedOutputs(r *Repo) []Finding {
	return checkEveryBlock(r, "terraform_documented_outputs", "output", "description", true, "`%s` output has no description")
}

func checkDocumentedVariables(r *Repo) []Finding {
	return checkEveryBlock(r, "terraform_documented_variables", "variable", "description", true, "`%s` variable has no description")
}

func checkTypedVariables(r *Repo) []Finding {
	return checkEveryBlock(r, "terraform_typed_variables", "variable", "type", false, "`%s` variable has no type")
}

// --- terraform_empty_list_equality

func checkEmptyListEquality(r *Repo) []Finding {
	const id = "terraform_empty_list_equality"
	return walkNodes(r, id, func(b *Block, n hclsyntax.Node) []Finding {
		e, ok := n.(*hclsyntax.BinaryOpExpr)
		if !ok || (e.Op != hclsyntax.OpEqual && e.Op != hclsyntax.OpNotEqual) {
			return nil
		}
		for _, side := range []hclsyntax.Expression{e.LHS, e.RHS} {
			if t, ok := side.(*hclsyntax.TupleConsExpr); ok && len(t.Exprs) == 0 {
				return []Finding{at(id, b.File, e.SrcRange.Start.Line, "Comparing a collection with an empty list is invalid. To detect an empty collection, check its length.")}
			}
		}
		return nil
	})
}

// --- terraform_map_duplicate_keys

func checkMapDuplicateKeys(r *Repo) []Finding {
	const id = "terraform_map_duplicate_keys"
	locals := map[string]*hcl.EvalContext{}
	for _, d := range r.SortedDirs() {
		locals[d.Path] = constantLocals(d)
	}
	return walkNodes(r, id, func(b *Block, n hclsyntax.Node) []Finding {
		e, ok := n.(*hclsyntax.ObjectConsExpr)
		if !ok {
			return nil
		}
		var out []Finding
		first := map[string]hcl.Range{}
		for _, item := range e.Items {
			v, diags := item.KeyExpr.Value(locals[path.Dir(b.File)])
			if diags.HasErrors() || !v.IsKnown() || v.IsNull() {
				continue // a key computed from references: only known when planned
			}
			s, err := convertString(v)
			if err != nil {
				continue
			}
			rng := item.KeyExpr.Range()
			if prev, dup := first[s]; dup {
				out = append(out, at(id, b.File, rng.Start.Line, "Duplicate key: %q, first defined at %s:%d,%d-%d", s, b.File, prev.Start.Line, prev.Start.Column, prev.End.Column))
				continue
			}
			first[s] = rng
		}
		return out
	})
}

// constantLocals returns an evaluation context with the directory's local values that are
// constants (literals, or built from other constant locals without functions), as tflint knows
// them when it evaluates a map key such as (local.key); the others are left out, so a key that
// refers to them is skipped as unknown.
func constantLocals(d *Dir) *hcl.EvalContext {
	known := map[string]cty.Value{}
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{}}
	for changed := true; changed; {
		changed = false
		ctx.Variables["local"] = cty.ObjectVal(known)
		for _, l := range d.Of("locals") {
			for name, a := range l.Body.Attributes {
				if _, done := known[name]; done {
					continue
				}
				if v, diags := a.Expr.Value(ctx); !diags.HasErrors() && v.IsWhollyKnown() {
					known[name] = v
					changed = true
				}
			}
		}
	}
	ctx.Variables["local"] = cty.ObjectVal(known)
	return ctx
}

// convertString returns a primitive key value as the string terraform would use.
func convertString(v cty.Value) (string, error) {
	switch v.Type() {
	case cty.String:
		return v.AsString(), nil
	case cty.Number:
		return v.AsBigFloat().Text('f', -1), nil
	case cty.Bool:
		if v.True() {
			return "true", nil
		}
		return "false", nil
	}
	return "", fmt.Errorf("key of type %s", v.Type().FriendlyName())
}

// --- terraform_naming_convention

// snakeCase is tflint's "snake_case" format.
var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

func checkNamingConvention(r *Repo) []Finding {
	const id = "terraform_naming_convention"
	var out []Finding
	check := func(b *Block, kind, name string, rng hcl.Range) {
		if !snakeCase.MatchString(name) && !b.Allows(id) {
			out = append(out, at(id, b.File, rng.Start.Line, "%s name `%s` must match the following format: snake_case", kind, name))
		}
	}
	for _, d := range r.SortedDirs() {
		for _, b := range d.Blocks {
			switch {
			case (b.Type == "data" || b.Type == "resource") && len(b.Labels) == 2:
				check(b, b.Type, b.Labels[1], b.DefRange())
			case (b.Type == "module" || b.Type == "output" || b.Type == "variable") && len(b.Labels) == 1:
				check(b, b.Type, b.Labels[0], b.DefRange())
			case b.Type == "check":
				for _, nested := range b.Body.Blocks {
					if nested.Type == "data" && len(nested.Labels) == 2 {
						check(b, "data", nested.Labels[1], nested.DefRange())
					}
				}
			case b.Type == "locals":
				for _, a := range sortedAttributes(b.Body) {
					check(b, "local value", a.Name, a.NameRange)
				}
			}
		}
	}
	return out
}

// sortedAttributes returns a body's attributes in source order.
func sortedAttributes(body *hclsyntax.Body) []*hclsyntax.Attribute {
	out := make([]*hclsyntax.Attribute, 0, len(body.Attributes))
	for _, a := range body.Attributes {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SrcRange.Start.Byte < out[j].SrcRange.Start.Byte })
	return out
}

// --- terraform_required_providers, terraform_unused_required_providers

// providerRef is where a module uses a provider (by its local name): like tflint, the last use.
type providerRef struct {
	block *Block
	rng   hcl.Range
}

// providerRefs returns the providers a directory uses itself, as tflint counts them: the type
// prefix (or provider argument) of its resources, data sources and ephemeral resources, its
// provider blocks, and the providers it passes to module calls. A module call that passes none
// does not count: the module inherits the default provider.
func providerRefs(d *Dir) map[string]providerRef {
	out := map[string]providerRef{}
	add := func(name string, b *Block, rng hcl.Range) {
		out[name] = providerRef{b, rng}
	}
	resource := func(b *Block, body *hclsyntax.Body, typ string, rng hcl.Range) {
		if attr, ok := body.Attributes["provider"]; ok {
			if t, diags := hcl.AbsTraversalForExpr(attr.Expr); !diags.HasErrors() {
				add(t.RootName(), b, rng)
				return
			}
		}
		add(strings.SplitN(typ, "_", 2)[0], b, rng)
	}
	for _, b := range d.Blocks {
		switch b.Type {
		case "resource", "data", "ephemeral":
			if len(b.Labels) == 2 {
				resource(b, b.Body, b.Labels[0], b.DefRange())
			}
		case "check":
			for _, nested := range b.Body.Blocks {
				if nested.Type == "data" && len(nested.Labels) == 2 {
					resource(b, nested.Body, nested.Labels[0], nested.DefRange())
				}
			}
		case "provider":
			if len(b.Labels) == 1 {
				add(b.Labels[0], b, b.DefRange())
			}
		case "module":
			attr, ok := b.Body.Attributes["providers"]
			if !ok {
				continue
			}
			pairs, diags := hcl.ExprMap(attr.Expr)
			if diags.HasErrors() {
				continue
			}
			for _, p := range pairs {
				if t, diags := hcl.AbsTraversalForExpr(p.Value); !diags.HasErrors() {
					add(t.RootName(), b, b.DefRange())
				}
			}
		}
	}
	return out
}

// requiredProvider is one entry of terraform { required_providers }, with its terraform block.
type requiredProvider struct {
	block *Block
	attr  *hclsyntax.Attribute
}

// requiredProviders returns the entries of the directory's terraform { required_providers }.
func requiredProviders(d *Dir) map[string]requiredProvider {
	out := map[string]requiredProvider{}
	for _, tf := range d.Of("terraform") {
		for _, rp := range tf.Body.Blocks {
			if rp.Type != "required_providers" {
				continue
			}
			for name, a := range rp.Body.Attributes {
				out[name] = requiredProvider{tf, a}
			}
		}
	}
	return out
}

func checkRequiredProviders(r *Repo) []Finding {
	const id = "terraform_required_providers"
	var out []Finding
	for _, d := range r.SortedDirs() {
		for _, p := range d.Of("provider") {
			if _, ok := p.Body.Attributes["version"]; ok && !p.Allows(id) {
				out = append(out, finding(id, p, p.DefRange(), "provider version constraint should be specified via `required_providers`"))
			}
		}
		required := requiredProviders(d)
		refs := providerRefs(d)
		names := make([]string, 0, len(refs))
		for name := range refs {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if name == "terraform" {
				continue // built in: terraform_remote_state, terraform_data
			}
			ref := refs[name]
			if ref.block.Allows(id) {
				continue
			}
			req, ok := required[name]
			if !ok {
				out = append(out, at(id, ref.block.File, ref.rng.Start.Line, "Missing version constraint for provider %q in `required_providers`", name))
				continue
			}
			line := req.attr.SrcRange.Start.Line
			obj, isObj := req.attr.Expr.(*hclsyntax.ObjectConsExpr)
			if !isObj {
				out = append(out, at(id, req.block.File, line, "Legacy version constraint for provider %q in `required_providers`", name))
				continue
			}
			keys := map[string]hclsyntax.Expression{}
			for _, item := range obj.Items {
				if k, diags := item.KeyExpr.Value(nil); !diags.HasErrors() && k.Type() == cty.String {
					keys[k.AsString()] = item.ValueExpr
				}
			}
			if src, ok := keys["source"]; ok {
				if v, diags := src.Value(nil); !diags.HasErrors() && v.Type() == cty.String && strings.HasPrefix(v.AsString(), "terraform.io/builtin/") {
					continue
				}
			} else {
				out = append(out, at(id, req.block.File, line, "Missing `source` for provider %q in `required_providers`", name))
			}
			if _, ok := keys["version"]; !ok {
				out = append(out, at(id, req.block.File, line, "Missing version constraint for provider %q in `required_providers`", name))
			}
		}
	}
	return out
}

func checkUnusedRequiredProviders(r *Repo) []Finding {
	const id = "terraform_unused_required_providers"
	var out []Finding
	for _, d := range r.SortedDirs() {
		refs := providerRefs(d)
		for name, req := range requiredProviders(d) {
			if _, used := refs[name]; used || req.block.Allows(id) {
				continue
			}
			out = append(out, at(id, req.block.File, req.attr.SrcRange.Start.Line, "provider '%s' is declared in required_providers but not used by the module", name))
		}
	}
	return out
}

// --- terraform_required_version

func checkRequiredVersion(r *Repo) []Finding {
	const id = "terraform_required_version"
	var out []Finding
	for _, d := range r.SortedDirs() {
		blocks := d.Of("terraform")
		found := false
		for _, tf := range blocks {
			if _, ok := tf.Body.Attributes["required_version"]; ok || tf.Allows(id) {
				found = true
			}
		}
		switch {
		case found:
		case len(blocks) > 0: // like tflint: at the first terraform block
			out = append(out, finding(id, blocks[0], blocks[0].DefRange(), "terraform \"required_version\" attribute is required"))
		default: // like tflint: at the top of the first file
			out = append(out, at(id, d.sortedFiles()[0], 1, "terraform \"required_version\" attribute is required"))
		}
	}
	return out
}

// --- terraform_standard_module_structure

func checkStandardModuleStructure(r *Repo) []Finding {
	const id = "terraform_standard_module_structure"
	var out []Finding
	for _, d := range r.SortedDirs() {
		has := map[string]bool{}
		for f := range d.Files {
			has[path.Base(f)] = true
		}
		if !has["main.tf"] {
			out = append(out, at(id, d.Path+"/main.tf", 1, "Module should include a main.tf file as the primary entrypoint"))
		}
		if !has["variables.tf"] && len(d.Of("variable")) == 0 {
			out = append(out, at(id, d.Path+"/variables.tf", 1, "Module should include an empty variables.tf file"))
		}
		if !has["outputs.tf"] && len(d.Of("output")) == 0 {
			out = append(out, at(id, d.Path+"/outputs.tf", 1, "Module should include an empty outputs.tf file"))
		}
		for _, b := range d.Blocks {
			want := map[string]string{"variable": "variables.tf", "output": "outputs.tf"}[b.Type]
			if want == "" || len(b.Labels) != 1 || path.Base(b.File) == want || b.Allows(id) {
				continue
			}
			out = append(out, finding(id, b, b.DefRange(), "%s %q should be moved from %s to %s", b.Type, b.Labels[0], path.Base(b.File), want))
		}
	}
	return out
}

// --- terraform_unused_declarations

func checkUnusedDeclarations(r *Repo) []Finding {
	const id = "terraform_unused_declarations"
	var out []Finding
	for _, d := range r.SortedDirs() {
		used := usedReferences(d)
		for _, b := range d.Blocks {
			if b.Allows(id) {
				continue
			}
			switch {
			case b.Type == "variable" && len(b.Labels) == 1 && !used["var."+b.Labels[0]]:
				out = append(out, finding(id, b, b.DefRange(), "variable %q is declared but not used", b.Labels[0]))
			case b.Type == "data" && len(b.Labels) == 2 && !used["data."+b.Labels[0]+"."+b.Labels[1]]:
				out = append(out, finding(id, b, b.DefRange(), "data %q %q is declared but not used", b.Labels[0], b.Labels[1]))
			case b.Type == "check":
				for _, nested := range b.Body.Blocks {
					if nested.Type == "data" && len(nested.Labels) == 2 && !used["data."+nested.Labels[0]+"."+nested.Labels[1]] {
						out = append(out, at(id, b.File, nested.DefRange().Start.Line, "data %q %q is declared but not used", nested.Labels[0], nested.Labels[1]))
					}
				}
			case b.Type == "locals":
				for _, a := range sortedAttributes(b.Body) {
					if !used["local."+a.Name] {
						out = append(out, at(id, b.File, a.NameRange.Start.Line, "local.%s is declared but not used", a.Name))
					}
				}
			case b.Type == "provider" && len(b.Labels) == 1:
				alias, ok := literalString(b.Body, "alias")
				if ok && !used[b.Labels[0]+"."+alias] {
					out = append(out, finding(id, b, b.DefRange(), "provider %q with alias %q is declared but not used", b.Labels[0], alias))
				}
			}
		}
	}
	return out
}

// usedReferences returns the first two (var, local, provider alias) and three (data) names of
// every reference in the directory. A variable's validation referring to the variable itself
// does not count as a use.
func usedReferences(d *Dir) map[string]bool {
	used := map[string]bool{}
	record := func(expr hclsyntax.Expression, self string) {
		for _, t := range expr.Variables() {
			var parts []string
			for _, step := range t {
				switch s := step.(type) {
				case hcl.TraverseRoot:
					parts = append(parts, s.Name)
				case hcl.TraverseAttr:
					parts = append(parts, s.Name)
				}
				if len(parts) == 3 {
					break
				}
			}
			for n := 2; n <= len(parts) && n <= 3; n++ {
				name := strings.Join(parts[:n], ".")
				if name != self {
					used[name] = true
				}
			}
		}
	}
	var walk func(body *hclsyntax.Body, self string)
	walk = func(body *hclsyntax.Body, self string) {
		for _, a := range body.Attributes {
			record(a.Expr, self)
		}
		for _, nested := range body.Blocks {
			walk(nested.Body, self)
		}
	}
	for _, b := range d.Blocks {
		if b.Type == "variable" && len(b.Labels) == 1 {
			for _, a := range b.Body.Attributes {
				record(a.Expr, "")
			}
			for _, nested := range b.Body.Blocks {
				self := ""
				if nested.Type == "validation" {
					self = "var." + b.Labels[0]
				}
				walk(nested.Body, self)
			}
			continue
		}
		walk(b.Body, "")
	}
	return used
}

// --- local-module-source

func checkLocalModuleSource(r *Repo) []Finding {
	const id = "local-module-source"
	var out []Finding
	for _, d := range r.SortedDirs() {
		for _, m := range d.Of("module") {
			if m.Allows(id) {
				continue
			}
			attr, ok := m.Body.Attributes["source"]
			if !ok {
				continue
			}
			src, ok := literalString(m.Body, "source")
			if ok && (strings.HasPrefix(src, "./") || strings.HasPrefix(src, "../")) {
				continue
			}
			out = append(out, finding(id, m, attr.SrcRange, "%s has source %q, not a local path (./ or ../): modules live in this repository's modules/, so there is no remote version to pin", m.Address(), src))
		}
	}
	return out
}
