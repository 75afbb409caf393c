package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/tsumiki-dev/tsumiki/tools/internal/awsschema"
)

// The generated bindings of @cdktn/provider-aws have one directory per resource type
// (lib/<type without aws_, kebab-case>/) and per data source (lib/data-aws-<kebab>/), plus
// lib/provider/ for the provider block. Each holds index.js and index.d.ts, generated from the
// provider's `terraform providers schema -json` by the same template, so their shape is
// regular enough to read with regular expressions:
//
//   - index.js, synthesizeHclAttributes() of the resource class and the <struct>ToHclTerraform
//     function of each nested block list every configurable argument and block:
//     `name: { value: EXPR, isBlock: B, type: "simple|list|set|map|struct", storageClassType: "S" }`.
//   - index.d.ts: the config interface and one interface per block struct; a field without `?`
//     is required; a block field typed as one struct (not `X[] | cdktn.IResolvable`) holds at
//     most one block.
//   - index.js class getters give every attribute, computed ones included:
//     `get arn() { return this.getStringAttribute('arn'); }`, and for complex ones
//     `return this._x;` with `this._x = new XList(this, "x", isSet)` in the constructor; a
//     comment `// x - computed: true, optional: false, required: false` precedes many of them.
//     A getter whose attribute is not among the configurable arguments is computed-only.

var (
	// jsTopLevel matches the start of a top-level function or class in index.js.
	jsTopLevel = regexp.MustCompile(`(?m)^(?:function (\w+)\(|class (\w+) extends ([\w.]+) \{)`)
	// hclEntry matches one argument or block in an HCL attrs literal.
	hclEntry = regexp.MustCompile(`(?m)^\s+"?([a-z0-9_]+)"?: \{\s*value: (.*),\s*isBlock: (true|false),\s*type: "(\w+)",\s*storageClassType: "(\w+)",\s*\}`)
	// hclAttrsStart is where the attrs literal of an HclTerraform function or method begins.
	hclAttrsStart = regexp.MustCompile(`const attrs = \{`)
	// camelRef finds the config field an argument's value comes from (struct.x or this._x).
	camelRef = regexp.MustCompile(`(?:struct\.|this\._)(\w+)`)
	// hclFunc finds the struct converter a block's value goes through.
	hclFunc = regexp.MustCompile(`(\w+)ToHclTerraform\b`)
	// getter matches a class getter whose body is a single return, with its optional comment.
	getter = regexp.MustCompile(`(?m)(?:^\s*// ([a-z0-9_]+) - computed: (true|false), optional: (true|false), required: (true|false)\n)?^\s+get (\w+)\(\) \{\n\s+return (.*);\n\s+\}`)
	// newField matches a constructor assignment of a complex attribute object.
	newField = regexp.MustCompile(`(?m)(?:^\s*// ([a-z0-9_]+) - computed: (true|false), optional: (true|false), required: (true|false)\n)?^\s+this\._(\w+) = new ([\w.]+)\(this, "([a-z0-9_]+)"(?:, (true|false))?\);`)
	// attrGetter matches the get*Attribute forms of a getter's return expression.
	attrGetter = regexp.MustCompile(`^(cdktn\.Fn\.tolist\()?this\.(get\w+Attribute|interpolationForAttribute)\('([a-z0-9_]+)'\)\)?$`)
	// fieldGetter matches a getter returning a constructed complex object.
	fieldGetter = regexp.MustCompile(`^this\._(\w+)$`)
	// dtsInterface matches an interface declaration in index.d.ts.
	dtsInterface = regexp.MustCompile(`(?m)^export interface (\w+)(?: extends [\w.]+)? \{$`)
	// dtsField matches a field of an interface.
	dtsField = regexp.MustCompile(`(?m)^    readonly (\w+)(\??): (.*)$`)
)

// getterTypes maps a get*Attribute method to the cty type of the attribute it reads.
var getterTypes = map[string]string{
	"getStringAttribute":        `"string"`,
	"getNumberAttribute":        `"number"`,
	"getBooleanAttribute":       `"bool"`,
	"getListAttribute":          `["list","string"]`,
	"getNumberListAttribute":    `["list","number"]`,
	"getStringMapAttribute":     `["map","string"]`,
	"getNumberMapAttribute":     `["map","number"]`,
	"getBooleanMapAttribute":    `["map","bool"]`,
	"interpolationForAttribute": `"dynamic"`,
}

// newTypes maps the cdktn map classes a constructor builds to their cty types.
var newTypes = map[string]string{
	"cdktn.StringMap":  `["map","string"]`,
	"cdktn.NumberMap":  `["map","number"]`,
	"cdktn.BooleanMap": `["map","bool"]`,
	"cdktn.AnyMap":     `["map","dynamic"]`,
}

// flags are the computed/optional/required flags of a generator comment.
type flags struct {
	attr                         string
	known                        bool
	computed, optional, required bool
}

func parseFlags(name, c, o, r string) flags {
	if name == "" {
		return flags{}
	}
	return flags{attr: name, known: true, computed: c == "true", optional: o == "true", required: r == "true"}
}

// hclArg is one entry of an HCL attrs literal.
type hclArg struct {
	name, value, kind, storage string
	isBlock                    bool
}

// classInfo is what a generated class says about attributes.
type classInfo struct {
	// getters are the class's single-return getters, in source order.
	getters []classGetter
	// fields maps a private field (camelCase) to the object its constructor builds.
	fields map[string]newObject
}

// classGetter is one getter: its JS name, its return expression and the generator comment
// before it.
type classGetter struct {
	jsName string
	expr   string
	flags  flags
}

// newObject is a constructor assignment `this._x = new Class(this, "attr", isSet)`.
type newObject struct {
	class, attr string
	isSet       bool
	flags       flags
}

// dtsFieldInfo is a field of a generated interface: required (no `?`) and its TypeScript type.
type dtsFieldInfo struct {
	required bool
	typ      string
}

// pkgModule is one parsed index.js + index.d.ts pair.
type pkgModule struct {
	// js and dts are the whole index.js and index.d.ts.
	js, dts string
	// funcs maps a function name to its body.
	funcs map[string]string
	// classes maps a class name to its base class and body.
	classes map[string]jsClass
	// ifaces maps an interface name to its fields by camelCase name.
	ifaces map[string]map[string]dtsFieldInfo
}

// jsClass is a top-level class of index.js: its base class and its source text.
type jsClass struct {
	base, body string
}

// tfTypeRe finds the terraform type a binding module is for.
var tfTypeRe = regexp.MustCompile(`\.tfResourceType = "(aws_\w+)";`)

// tfType is the terraform type name the module's class is for ("" for the provider).
func (m *pkgModule) tfType() string {
	if t := tfTypeRe.FindStringSubmatch(m.js); t != nil {
		return t[1]
	}
	return ""
}

// configInterface is the interface a class's constructor takes its config as (usually
// <class>Config, renamed when that name is taken).
func (m *pkgModule) configInterface(class string) (string, error) {
	start := strings.Index(m.dts, "export declare class "+class+" extends ")
	if start < 0 {
		return "", fmt.Errorf("no class %s in index.d.ts", class)
	}
	c := ctorConfig.FindStringSubmatch(m.dts[start:])
	if c == nil {
		return "", fmt.Errorf("class %s: no constructor(scope, id, config) in index.d.ts", class)
	}
	return c[1], nil
}

// ctorConfig matches a construct's constructor and names its config interface.
var ctorConfig = regexp.MustCompile(`constructor\(scope: Construct, id: string, config\??: (\w+)\);`)

// parseModule splits index.js into its top-level functions and classes and index.d.ts into
// its interfaces.
func parseModule(js, dts string) *pkgModule {
	m := &pkgModule{js: js, dts: dts, funcs: map[string]string{}, classes: map[string]jsClass{}, ifaces: map[string]map[string]dtsFieldInfo{}}
	locs := jsTopLevel.FindAllStringSubmatchIndex(js, -1)
	for i, loc := range locs {
		end := len(js)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		body := js[loc[0]:end]
		switch {
		case loc[2] >= 0:
			m.funcs[js[loc[2]:loc[3]]] = body
		default:
			m.classes[js[loc[4]:loc[5]]] = jsClass{base: js[loc[6]:loc[7]], body: body}
		}
	}
	ilocs := dtsInterface.FindAllStringSubmatchIndex(dts, -1)
	for _, loc := range ilocs {
		rest := dts[loc[1]:]
		end := strings.Index(rest, "\n}")
		if end < 0 {
			end = len(rest)
		}
		fields := map[string]dtsFieldInfo{}
		for _, f := range dtsField.FindAllStringSubmatch(rest[:end], -1) {
			fields[f[1]] = dtsFieldInfo{required: f[2] == "", typ: strings.TrimSuffix(f[3], ";")}
		}
		m.ifaces[dts[loc[2]:loc[3]]] = fields
	}
	return m
}

// hclArgs reads the attrs literal in a function or method body.
func hclArgs(body string) ([]hclArg, error) {
	loc := hclAttrsStart.FindStringIndex(body)
	if loc == nil {
		return nil, errors.New("no `const attrs = {` literal")
	}
	lit := body[loc[1]:]
	if end := strings.Index(lit, "\n        };"); end >= 0 {
		lit = lit[:end]
	} else if end := strings.Index(lit, "\n    };"); end >= 0 {
		lit = lit[:end]
	}
	var args []hclArg
	for _, e := range hclEntry.FindAllStringSubmatch(lit, -1) {
		args = append(args, hclArg{name: e[1], value: e[2], isBlock: e[3] == "true", kind: e[4], storage: e[5]})
	}
	return args, nil
}

// parseClass reads a class body's getters and constructed fields.
func parseClass(body string) classInfo {
	ci := classInfo{fields: map[string]newObject{}}
	for _, g := range getter.FindAllStringSubmatch(body, -1) {
		ci.getters = append(ci.getters, classGetter{jsName: g[5], expr: g[6], flags: parseFlags(g[1], g[2], g[3], g[4])})
	}
	for _, n := range newField.FindAllStringSubmatch(body, -1) {
		ci.fields[n[5]] = newObject{class: n[6], attr: n[7], isSet: n[8] == "true", flags: parseFlags(n[1], n[2], n[3], n[4])}
	}
	return ci
}

// storageType turns an argument's type and storageClassType into a cty type:
// ("set", "stringList") is ["set","string"], ("map", "stringListMap") is ["map",["list","string"]].
func storageType(kind, storage string) (string, error) {
	var walk func(s, outer string) (string, error)
	walk = func(s, outer string) (string, error) {
		switch {
		case strings.HasSuffix(s, "List"):
			if outer == "" {
				outer = "list"
			}
			inner, err := walk(strings.TrimSuffix(s, "List"), "")
			return `["` + outer + `",` + inner + `]`, err
		case strings.HasSuffix(s, "Map"):
			inner, err := walk(strings.TrimSuffix(s, "Map"), "")
			return `["map",` + inner + `]`, err
		case s == "string":
			return `"string"`, nil
		case s == "number":
			return `"number"`, nil
		case s == "boolean":
			return `"bool"`, nil
		case s == "any":
			return `"dynamic"`, nil
		}
		return "", fmt.Errorf("unknown storage class type %q", storage)
	}
	switch kind {
	case "simple":
		return walk(storage, "")
	case "list", "set":
		return walk(storage, kind)
	case "map":
		return walk(storage, "")
	}
	return "", fmt.Errorf("unknown argument type %q", kind)
}

// deriver builds schema blocks from one parsed module.
type deriver struct {
	m *pkgModule
}

// rootBlock derives the block of the module's resource, data source or provider class.
func (d deriver) rootBlock(base string) (awsschema.Block, error) {
	var name string
	for n, c := range d.m.classes {
		if c.base == base {
			if name != "" {
				return awsschema.Block{}, fmt.Errorf("two %s classes: %s and %s", base, name, n)
			}
			name = n
		}
	}
	if name == "" {
		return awsschema.Block{}, fmt.Errorf("no class extends %s", base)
	}
	body := d.m.classes[name].body
	i := strings.Index(body, "synthesizeHclAttributes() {")
	if i < 0 {
		return awsschema.Block{}, fmt.Errorf("class %s: no synthesizeHclAttributes", name)
	}
	iface, err := d.m.configInterface(name)
	if err != nil {
		return awsschema.Block{}, err
	}
	return d.block(body[i:], iface, parseClass(body))
}

// block derives a block from its HCL attrs literal (in hclBody), its d.ts interface and the
// class whose getters give its computed-only attributes.
func (d deriver) block(hclBody, iface string, ci classInfo) (awsschema.Block, error) {
	args, err := hclArgs(hclBody)
	if err != nil {
		return awsschema.Block{}, fmt.Errorf("interface %s: %w", iface, err)
	}
	fields, ok := d.m.ifaces[iface]
	if !ok {
		return awsschema.Block{}, fmt.Errorf("no interface %s in index.d.ts", iface)
	}
	b := awsschema.Block{Attributes: map[string]awsschema.Attribute{}, BlockTypes: map[string]awsschema.NestedBlock{}}
	configurable := map[string]bool{}
	stated := statedFlags(ci)
	for _, a := range args {
		configurable[a.name] = true
		ref := camelRef.FindStringSubmatch(a.value)
		if ref == nil {
			return b, fmt.Errorf("%s.%s: no config field in %q", iface, a.name, a.value)
		}
		field, ok := fields[ref[1]]
		if !ok {
			return b, fmt.Errorf("%s.%s: no field %s in the interface", iface, a.name, ref[1])
		}
		if !a.isBlock {
			typ, err := storageType(a.kind, a.storage)
			if err != nil {
				return b, fmt.Errorf("%s.%s: %w", iface, a.name, err)
			}
			attr := awsschema.Attribute{Type: json.RawMessage(typ), Required: field.required, Optional: !field.required}
			if f := stated[a.name]; f.known && f.computed && !field.required {
				attr.Computed = true
			}
			b.Attributes[a.name] = attr
			continue
		}
		nb, err := d.nested(iface, a, field, stated[a.name])
		if err != nil {
			return b, err
		}
		if nb.asAttr != nil {
			b.Attributes[a.name] = *nb.asAttr
			continue
		}
		b.BlockTypes[a.name] = nb.block
	}
	for _, g := range ci.getters {
		name, typ, err := d.getterType(g, ci)
		if err != nil {
			return b, fmt.Errorf("%s: %w", iface, err)
		}
		if name == "" || configurable[name] {
			continue
		}
		if _, dup := b.Attributes[name]; dup {
			continue
		}
		b.Attributes[name] = awsschema.Attribute{Type: json.RawMessage(typ), Computed: true}
	}
	if len(b.Attributes) == 0 {
		b.Attributes = nil
	}
	if len(b.BlockTypes) == 0 {
		b.BlockTypes = nil
	}
	return b, nil
}

// statedFlags collects the generator comments of a class by attribute name.
func statedFlags(ci classInfo) map[string]flags {
	out := map[string]flags{}
	for _, g := range ci.getters {
		if g.flags.known {
			out[g.flags.attr] = g.flags
		}
	}
	for _, n := range ci.fields {
		if n.flags.known {
			out[n.flags.attr] = n.flags
		}
	}
	return out
}

// nestedResult is a derived nested block, or the attribute it really is.
type nestedResult struct {
	block  awsschema.NestedBlock
	asAttr *awsschema.Attribute
}

// nested derives a nested block argument.
func (d deriver) nested(iface string, a hclArg, field dtsFieldInfo, stated flags) (nestedResult, error) {
	fn := hclFunc.FindStringSubmatch(a.value)
	if fn == nil {
		return nestedResult{}, fmt.Errorf("%s.%s: no ToHclTerraform function in %q", iface, a.name, a.value)
	}
	structName := strings.ToUpper(fn[1][:1]) + fn[1][1:]
	body, ok := d.m.funcs[fn[1]+"ToHclTerraform"]
	if !ok {
		return nestedResult{}, fmt.Errorf("%s.%s: no function %sToHclTerraform", iface, a.name, fn[1])
	}
	var ci classInfo
	if c, ok := d.m.classes[structName+"OutputReference"]; ok {
		ci = parseClass(c.body)
	}
	inner, err := d.block(body, structName, ci)
	if err != nil {
		return nestedResult{}, err
	}
	nb := awsschema.NestedBlock{Block: inner}
	single := !strings.Contains(field.typ, "[]")
	switch a.kind {
	case "list", "set":
		nb.NestingMode = a.kind
		if single {
			nb.MaxItems = 1
		}
	case "struct":
		nb.NestingMode = "single"
	case "map":
		nb.NestingMode = "map"
	default:
		return nestedResult{}, fmt.Errorf("%s.%s: unknown block type %q", iface, a.name, a.kind)
	}
	if field.required && nb.NestingMode != "map" {
		nb.MinItems = 1
	}
	if stated.known && stated.computed {
		// A block is never computed: the generator says computed only for a nested attribute
		// of a plugin-framework resource (ListNestedAttribute and friends), written `x = [...]`.
		typ, err := objectType(inner)
		if err != nil {
			return nestedResult{}, fmt.Errorf("%s.%s: %w", iface, a.name, err)
		}
		switch nb.NestingMode {
		case "list", "set", "map":
			typ = `["` + nb.NestingMode + `",` + typ + `]`
		}
		attr := awsschema.Attribute{Type: json.RawMessage(typ), Required: stated.required, Optional: stated.optional, Computed: true}
		return nestedResult{asAttr: &attr}, nil
	}
	return nestedResult{block: nb}, nil
}

// objectType is the cty object type of a block's attributes and nested blocks.
func objectType(b awsschema.Block) (string, error) {
	names := make([]string, 0, len(b.Attributes)+len(b.BlockTypes))
	types := map[string]string{}
	for n, a := range b.Attributes {
		names = append(names, n)
		types[n] = string(a.Type)
	}
	for n, nb := range b.BlockTypes {
		t, err := objectType(nb.Block)
		if err != nil {
			return "", err
		}
		switch nb.NestingMode {
		case "list", "set", "map":
			t = `["` + nb.NestingMode + `",` + t + `]`
		}
		names = append(names, n)
		types[n] = t
	}
	sort.Strings(names)
	parts := make([]string, 0, len(names))
	for _, n := range names {
		key, err := json.Marshal(n)
		if err != nil {
			return "", fmt.Errorf("encode attribute name: %w", err)
		}
		parts = append(parts, string(key)+":"+types[n])
	}
	return `["object",{` + strings.Join(parts, ",") + `}]`, nil
}

// getterType resolves the attribute a getter reads and its cty type. It returns an empty
// name for getters that read no attribute (xInput, internalValue, ...).
func (d deriver) getterType(g classGetter, ci classInfo) (string, string, error) {
	if m := attrGetter.FindStringSubmatch(g.expr); m != nil {
		typ, ok := getterTypes[m[2]]
		if !ok {
			return "", "", fmt.Errorf("getter %s: unknown reader %s", g.jsName, m[2])
		}
		if m[1] != "" {
			// cdktn.Fn.tolist() wraps the attributes whose type is a set.
			typ = strings.Replace(typ, `["list"`, `["set"`, 1)
		}
		return m[3], typ, nil
	}
	fm := fieldGetter.FindStringSubmatch(g.expr)
	if fm == nil {
		return "", "", nil
	}
	obj, ok := ci.fields[fm[1]]
	if !ok {
		return "", "", nil
	}
	if t, ok := newTypes[obj.class]; ok {
		return obj.attr, t, nil
	}
	var elem, wrap string
	switch {
	case strings.HasSuffix(obj.class, "List"):
		elem = strings.TrimSuffix(obj.class, "List")
		wrap = "list"
		if obj.isSet {
			wrap = "set"
		}
	case strings.HasSuffix(obj.class, "Map"):
		elem = strings.TrimSuffix(obj.class, "Map")
		wrap = "map"
	case strings.HasSuffix(obj.class, "OutputReference"):
		elem = strings.TrimSuffix(obj.class, "OutputReference")
	default:
		return "", "", fmt.Errorf("getter %s: unknown object class %s", g.jsName, obj.class)
	}
	c, ok := d.m.classes[elem+"OutputReference"]
	if !ok {
		return "", "", fmt.Errorf("getter %s: no class %sOutputReference", g.jsName, elem)
	}
	inner := parseClass(c.body)
	attrs := map[string]awsschema.Attribute{}
	for _, ig := range inner.getters {
		name, typ, err := d.getterType(ig, inner)
		if err != nil {
			return "", "", fmt.Errorf("%s: %w", obj.attr, err)
		}
		if name != "" {
			attrs[name] = awsschema.Attribute{Type: json.RawMessage(typ)}
		}
	}
	typ, err := objectType(awsschema.Block{Attributes: attrs})
	if err != nil {
		return "", "", err
	}
	if wrap != "" {
		typ = `["` + wrap + `",` + typ + `]`
	}
	return obj.attr, typ, nil
}
