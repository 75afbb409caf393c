// Package namestability renders the cloud-side name of every resource in every root stack,
// statically, from the terraform tree: module inputs are evaluated with terraform's
// expression language, the naming module through its Go port (tools/internal/naming, tested
// for parity with terraform), and everything else that only exists after apply is shown as
// unknown. A golden test compares the result with a committed file, so any change to a name
// shows up as a diff in review.
package namestability

import (
	"fmt"
	"io"
	"math/big"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/tsumiki-dev/tsumiki/tools/internal/affected"
	"github.com/tsumiki-dev/tsumiki/tools/internal/naming"
	"github.com/tsumiki-dev/tsumiki/tools/internal/tfconfig"
)

// Unknown is the value shown for a name that is only known after apply (or that depends on
// something static evaluation cannot see, such as remote state).
const Unknown = "(known after apply)"

// maxPasses bounds the fixpoint evaluation of locals and module outputs inside one module.
const maxPasses = 8

// Entry is one name-determining argument of one resource instance.
type Entry struct {
	// Stack is the root stack directory, e.g. terraform/stg/todo-api.
	Stack string
	// Address is the resource instance's full address inside the stack.
	Address string
	// Attribute is the argument, e.g. name or bucket.
	Attribute string
	// Value is the rendered name, or Unknown.
	Value string
	// Dir is the module directory that declares the resource, Type its type and Resource its
	// address inside that module (no instance key): what the rename guard's findings name.
	Dir, Type, Resource string
	// Via lists the module calls the instance was reached through, as "<dir> module.<name>".
	Via []string
}

// Result is a rendering of every stack.
type Result struct {
	// Entries are sorted by stack, address and attribute.
	Entries []Entry
	// Problems are calls to the naming module whose inputs its validation would reject (the
	// plan would fail), each naming the stack and the call.
	Problems []string
}

// Render evaluates every root stack under root/terraform, once per variable file when the
// stack has several (env/*.tfvars or *.tfvars that terraform does not load automatically;
// terraform.tfvars and *.auto.tfvars always apply).
func Render(root string) (Result, error) {
	tree, err := tfconfig.LoadTree(root, "terraform", "modules")
	if err != nil {
		return Result{}, fmt.Errorf("read terraform: %w", err)
	}
	tf, err := affected.LoadTerraform(root)
	if err != nil {
		return Result{}, err
	}
	e := &evaluator{tree: tree, funcs: functions(root)}
	for _, stack := range tf.Stacks {
		variants, err := stackVariants(root, stack)
		if err != nil {
			return Result{}, err
		}
		for _, v := range variants {
			e.stack, e.label = stack, stack
			if v.file != "" {
				e.label = stack + ":" + v.file
			}
			e.instance(stack, v.vars, "", true, 0)
		}
	}
	sort.Slice(e.entries, func(i, j int) bool {
		a, b := e.entries[i], e.entries[j]
		if a.Stack != b.Stack {
			return a.Stack < b.Stack
		}
		if a.Address != b.Address {
			return a.Address < b.Address
		}
		return a.Attribute < b.Attribute
	})
	sort.Strings(e.problems)
	return Result{Entries: e.entries, Problems: e.problems}, nil
}

// variant is one set of variable values a stack is rendered with.
type variant struct {
	file string // relative to the stack, "" for the stack alone
	vars map[string]cty.Value
}

// stackVariants reads the stack's variable files.
func stackVariants(root, stack string) ([]variant, error) {
	dir := filepath.Join(root, filepath.FromSlash(stack))
	auto := map[string]cty.Value{}
	autoFiles, _ := filepath.Glob(filepath.Join(dir, "*.auto.tfvars"))
	if _, err := os.Stat(filepath.Join(dir, "terraform.tfvars")); err == nil {
		autoFiles = append([]string{filepath.Join(dir, "terraform.tfvars")}, autoFiles...)
	}
	for _, f := range autoFiles {
		if err := readTfvars(f, auto); err != nil {
			return nil, err
		}
	}
	var files []string
	for _, pattern := range []string{"*.tfvars", "env/*.tfvars"} {
		matches, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, m := range matches {
			base := filepath.Base(m)
			if base != "terraform.tfvars" && !strings.HasSuffix(base, ".auto.tfvars") {
				files = append(files, m)
			}
		}
	}
	sort.Strings(files)
	if len(files) == 0 {
		return []variant{{vars: auto}}, nil
	}
	var out []variant
	for _, f := range files {
		vars := map[string]cty.Value{}
		for k, v := range auto {
			vars[k] = v
		}
		if err := readTfvars(f, vars); err != nil {
			return nil, err
		}
		rel, _ := filepath.Rel(dir, f)
		out = append(out, variant{file: filepath.ToSlash(rel), vars: vars})
	}
	return out, nil
}

// readTfvars adds the literal values of a .tfvars file to vars.
func readTfvars(file string, vars map[string]cty.Value) error {
	src, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("read %s: %w", file, err)
	}
	f, diags := hclsyntax.ParseConfig(src, file, hcl.InitialPos)
	if diags.HasErrors() {
		return fmt.Errorf("parse %s: %w", file, diags)
	}
	attrs, diags := f.Body.JustAttributes()
	if diags.HasErrors() {
		return fmt.Errorf("parse %s: %w", file, diags)
	}
	for name, a := range attrs {
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() {
			v = cty.DynamicVal
		}
		vars[name] = v
	}
	return nil
}

// Write prints entries in the golden file's format: a header, then one
// "<stack> <address> <attribute> = <value>" line per entry.
func Write(w io.Writer, entries []Entry) error {
	if _, err := fmt.Fprint(w, "# Cloud-side names of every resource, per root stack (and so per environment), rendered\n"+
		"# statically from terraform/ and modules/naming by tools/internal/namestability.\n"+
		"# A diff here is a rename: the resource is destroyed and recreated unless it can be renamed in place.\n"+
		"# Regenerate after an intended change: make tf/names-update\n"); err != nil {
		return fmt.Errorf("write names: %w", err)
	}
	for _, en := range entries {
		if _, err := fmt.Fprintf(w, "%s %s %s = %s\n", en.Stack, en.Address, en.Attribute, en.Value); err != nil {
			return fmt.Errorf("write names: %w", err)
		}
	}
	return nil
}

type evaluator struct {
	tree     tfconfig.Tree
	funcs    map[string]function.Function
	stack    string
	label    string
	entries  []Entry
	problems []string
	via      []string
}

// maxDepth stops runaway recursion through module calls.
const maxDepth = 16

// instance evaluates one module instance with the given input values and returns its
// outputs as an object. With record set, it records the names of its resources and those of
// the modules it calls.
func (e *evaluator) instance(dir string, args map[string]cty.Value, prefix string, record bool, depth int) cty.Value {
	m := e.tree[dir]
	if m == nil || depth > maxDepth {
		return cty.DynamicVal
	}
	vars := map[string]cty.Value{}
	for v := range m.Variables {
		switch {
		case args[v] != cty.NilVal:
			vars[v] = args[v]
		case m.Defaults[v] != nil:
			val, diags := m.Defaults[v].Value(nil)
			if diags.HasErrors() {
				val = cty.DynamicVal
			}
			vars[v] = val
		default:
			vars[v] = cty.DynamicVal
		}
	}
	locals := map[string]cty.Value{}
	for l := range m.Locals {
		locals[l] = cty.DynamicVal
	}
	modules := map[string]cty.Value{}
	for _, c := range m.Calls {
		modules[c.Name] = cty.DynamicVal
	}
	calls := sortedCalls(m)
	for pass := 0; pass < maxPasses; pass++ {
		changed := false
		for name, l := range m.Locals {
			v := e.eval(l.Syntax, e.ctx(m, vars, locals, modules, nil))
			if !v.RawEquals(locals[name]) {
				locals[name], changed = v, true
			}
		}
		for _, c := range calls {
			v := e.call(m, c, e.ctx(m, vars, locals, modules, nil), prefix, false, depth)
			if !v.RawEquals(modules[c.Name]) {
				modules[c.Name], changed = v, true
			}
		}
		if !changed {
			break
		}
	}
	ctx := e.ctx(m, vars, locals, modules, nil)
	if record {
		for _, c := range calls {
			e.call(m, c, ctx, prefix, true, depth)
		}
		e.recordResources(m, ctx, prefix)
	}
	outputs := map[string]cty.Value{}
	for name, o := range m.Outputs {
		outputs[name] = e.eval(o.Syntax, ctx)
	}
	return cty.ObjectVal(outputs)
}

func sortedCalls(m *tfconfig.Module) []*tfconfig.Call {
	calls := make([]*tfconfig.Call, 0, len(m.Calls))
	for _, c := range m.Calls {
		calls = append(calls, c)
	}
	sort.Slice(calls, func(i, j int) bool { return calls[i].Name < calls[j].Name })
	return calls
}

// repeatInstance is one instance of a repeated block: its address suffix and the each/count
// values it sees.
type repeatInstance struct {
	key   string
	extra map[string]cty.Value
}

// instances expands count/for_each. An unknown repetition gives one instance with key [*]
// whose each/count values are unknown.
func (e *evaluator) instances(repeat hcl.Expression, forEach bool, ctx *hcl.EvalContext) []repeatInstance {
	if repeat == nil {
		return []repeatInstance{{}}
	}
	unknown := []repeatInstance{{key: "[*]", extra: map[string]cty.Value{
		"each":  cty.ObjectVal(map[string]cty.Value{"key": cty.DynamicVal, "value": cty.DynamicVal}),
		"count": cty.ObjectVal(map[string]cty.Value{"index": cty.UnknownVal(cty.Number)}),
	}}}
	v := e.eval(repeat, ctx)
	if !v.IsWhollyKnown() || v.IsNull() {
		return unknown
	}
	var out []repeatInstance
	if !forEach {
		n, err := convert.Convert(v, cty.Number)
		if err != nil {
			return unknown
		}
		count, _ := n.AsBigFloat().Int64()
		for i := int64(0); i < count; i++ {
			out = append(out, repeatInstance{key: fmt.Sprintf("[%d]", i), extra: map[string]cty.Value{
				"count": cty.ObjectVal(map[string]cty.Value{"index": cty.NumberVal(new(big.Float).SetInt64(i))}),
			}})
		}
		return out
	}
	if !v.CanIterateElements() {
		return unknown
	}
	for it := v.ElementIterator(); it.Next(); {
		k, val := it.Element()
		if v.Type().IsSetType() {
			k = val
		}
		ks, err := convert.Convert(k, cty.String)
		if err != nil || !ks.IsKnown() {
			return unknown
		}
		out = append(out, repeatInstance{key: fmt.Sprintf("[%q]", ks.AsString()), extra: map[string]cty.Value{
			"each": cty.ObjectVal(map[string]cty.Value{"key": ks, "value": val}),
		}})
	}
	return out
}

// call evaluates a module call (every instance) and returns what module.<name> refers to.
func (e *evaluator) call(m *tfconfig.Module, c *tfconfig.Call, ctx *hcl.EvalContext, prefix string, record bool, depth int) cty.Value {
	callee := tfconfig.LocalSource(m.Dir, c.Source)
	if callee == "" {
		return cty.DynamicVal
	}
	insts := e.instances(c.Repeat, c.ForEach, ctx)
	results := map[string]cty.Value{}
	var list []cty.Value
	for _, in := range insts {
		ictx := withExtra(ctx, in.extra)
		args := map[string]cty.Value{}
		for name, a := range c.Args {
			args[name] = e.eval(a.Syntax, ictx)
		}
		var out cty.Value
		if path.Base(callee) == "naming" {
			var err error
			out, err = namingOutputs(args)
			if err != nil && record {
				e.problems = append(e.problems, fmt.Sprintf("%s: %s%s%s: %v", e.label, prefix, c.Address, in.key, err))
			}
		} else {
			if record {
				e.via = append(e.via, m.Dir+" "+c.Address)
			}
			out = e.instance(callee, args, prefix+c.Address+in.key+".", record, depth+1)
			if record {
				e.via = e.via[:len(e.via)-1]
			}
		}
		results[in.key] = out
		list = append(list, out)
	}
	switch {
	case c.Repeat == nil:
		return list[0]
	case len(insts) == 1 && insts[0].key == "[*]":
		return cty.DynamicVal
	case c.ForEach:
		obj := map[string]cty.Value{}
		for _, in := range insts {
			obj[strings.Trim(in.key, `[]"`)] = results[in.key]
		}
		return cty.ObjectVal(obj)
	default:
		if len(list) == 0 {
			return cty.EmptyTupleVal
		}
		return cty.TupleVal(list)
	}
}

// recordResources records the name arguments of m's managed resources.
func (e *evaluator) recordResources(m *tfconfig.Module, ctx *hcl.EvalContext, prefix string) {
	for _, r := range m.Resources {
		if r.Data {
			continue
		}
		var attrs []string
		for a, x := range r.Attrs {
			if tfconfig.NameAttributes[a] && (!isTraversal(x.Syntax) || !isResourceReference(m, x, map[string]bool{})) {
				attrs = append(attrs, a)
			}
		}
		if len(attrs) == 0 {
			continue
		}
		for _, in := range e.instances(r.Repeat, r.ForEach, ctx) {
			ictx := withExtra(ctx, in.extra)
			for _, a := range attrs {
				e.entries = append(e.entries, Entry{
					Stack: e.label, Address: prefix + r.Address + in.key, Attribute: a,
					Value: render(e.eval(r.Attrs[a].Syntax, ictx)),
					Dir:   m.Dir, Type: r.Type, Resource: r.Address, Via: append([]string(nil), e.via...),
				})
			}
		}
	}
}

// isTraversal says whether expr is a plain reference such as aws_s3_bucket.this.id (not a
// template or a function call that builds a name).
func isTraversal(expr hcl.Expression) bool {
	_, diags := hcl.AbsTraversalForExpr(expr)
	return !diags.HasErrors()
}

// isResourceReference says whether an argument only refers to other resources, directly
// (bucket = aws_s3_bucket.this.id) or through locals (bucket = local.bucket.id): such an
// argument names nothing by itself, the resource it refers to does.
func isResourceReference(m *tfconfig.Module, x tfconfig.Expr, seen map[string]bool) bool {
	if len(x.Refs) == 0 {
		return false
	}
	for _, ref := range x.Refs {
		root, name, _ := strings.Cut(ref, ".")
		switch root {
		case "var", "module", "each", "count", "path", "terraform", "self":
			return false
		case "local":
			l, ok := m.Locals[name]
			if !ok || seen[name] {
				return false
			}
			seen[name] = true
			if !isResourceReference(m, l, seen) {
				return false
			}
		}
	}
	return true
}

func render(v cty.Value) string {
	if !v.IsWhollyKnown() {
		return Unknown
	}
	if v.IsNull() {
		return "(null)"
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil {
		return Unknown
	}
	return s.AsString()
}

// eval evaluates expr; anything that cannot be evaluated statically is unknown.
func (e *evaluator) eval(expr hcl.Expression, ctx *hcl.EvalContext) cty.Value {
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		return cty.DynamicVal
	}
	return v
}

// ctx builds the evaluation context of module m: var, local, module, path, terraform, and
// unknown values for resources and data sources.
func (e *evaluator) ctx(m *tfconfig.Module, vars, locals, modules, extra map[string]cty.Value) *hcl.EvalContext {
	variables := map[string]cty.Value{
		"var":    objectOrEmpty(vars),
		"local":  objectOrEmpty(locals),
		"module": objectOrEmpty(modules),
		"path": cty.ObjectVal(map[string]cty.Value{
			"module": cty.StringVal(m.Dir), "root": cty.StringVal(e.stack), "cwd": cty.StringVal(e.stack),
		}),
		"terraform": cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")}),
		"data":      cty.DynamicVal,
	}
	for _, r := range m.Resources {
		if !r.Data {
			variables[r.Type] = cty.DynamicVal
		}
	}
	for k, v := range extra {
		variables[k] = v
	}
	return &hcl.EvalContext{Variables: variables, Functions: e.funcs}
}

func withExtra(ctx *hcl.EvalContext, extra map[string]cty.Value) *hcl.EvalContext {
	if len(extra) == 0 {
		return ctx
	}
	vars := make(map[string]cty.Value, len(ctx.Variables)+len(extra))
	for k, v := range ctx.Variables {
		vars[k] = v
	}
	for k, v := range extra {
		vars[k] = v
	}
	return &hcl.EvalContext{Variables: vars, Functions: ctx.Functions}
}

func objectOrEmpty(m map[string]cty.Value) cty.Value {
	if len(m) == 0 {
		return cty.EmptyObjectVal
	}
	return cty.ObjectVal(m)
}

// namingOutputs computes modules/naming's outputs with its Go port. Unknown inputs give
// unknown outputs; invalid ones give unknown outputs and the validation error.
func namingOutputs(args map[string]cty.Value) (cty.Value, error) {
	unknown := cty.ObjectVal(map[string]cty.Value{
		"id": cty.UnknownVal(cty.String), "full_name": cty.UnknownVal(cty.String),
		"truncated": cty.UnknownVal(cty.Bool), "tags": cty.DynamicVal,
	})
	str := func(name string) (string, bool) {
		v, ok := args[name]
		if !ok || v == cty.NilVal {
			return "", true
		}
		s, err := convert.Convert(v, cty.String)
		if err != nil || !s.IsKnown() || s.IsNull() {
			return "", false
		}
		return s.AsString(), true
	}
	in := naming.Input{}
	var ok [4]bool
	in.Project, ok[0] = str("project")
	in.Environment, ok[1] = str("environment")
	in.Service, ok[2] = str("service")
	in.Component, ok[3] = str("component")
	for _, k := range ok {
		if !k {
			return unknown, nil
		}
	}
	if v, present := args["max_length"]; present {
		n, err := convert.Convert(v, cty.Number)
		if err != nil || !n.IsKnown() || n.IsNull() {
			return unknown, nil
		}
		l, _ := n.AsBigFloat().Int64()
		in.MaxLength = int(l)
	}
	if v, present := args["attributes"]; present {
		l, err := convert.Convert(v, cty.List(cty.String))
		if err != nil || !l.IsWhollyKnown() {
			return unknown, nil
		}
		if !l.IsNull() {
			for _, a := range l.AsValueSlice() {
				in.Attributes = append(in.Attributes, a.AsString())
			}
		}
	}
	name, err := naming.New(in)
	if err != nil {
		return unknown, fmt.Errorf("naming inputs invalid: %w", err)
	}
	return cty.ObjectVal(map[string]cty.Value{
		"id": cty.StringVal(name.ID), "full_name": cty.StringVal(name.FullName),
		"truncated": cty.BoolVal(name.Truncated), "tags": cty.DynamicVal,
	}), nil
}
