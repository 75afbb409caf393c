package offlineaws

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// blockSchema is a block as this provider serves it: attribute flags already decided (Optional
// versus Optional+Computed, see computedWhenUnset) and types converted to tftypes.
type blockSchema struct {
	attrs  map[string]*attrSchema
	blocks map[string]*nestedSchema
	typ    tftypes.Object
}

// attrSchema is one served attribute.
type attrSchema struct {
	name                                    string
	typ                                     tftypes.Type
	required, optional, computed, sensitive bool
}

// nestedSchema is one served nested block type.
type nestedSchema struct {
	nesting  tfprotov5.SchemaNestedBlockNestingMode
	min, max int64
	block    *blockSchema
}

// resourceSchema is a served resource type or data source.
type resourceSchema struct {
	typeName string
	version  int64
	block    *blockSchema
	proto    *tfprotov5.Schema
}

// compileResource converts a resource's schema from the awsschema shape into the served form.
// computed lists the optional attribute paths (dotted, blocks included: "default_action.type")
// that the real provider computes when unset.
func compileResource(typeName string, r Resource, computed map[string]bool) (*resourceSchema, error) {
	b, err := compileBlock(r.Block, "", computed)
	if err != nil {
		return nil, fmt.Errorf("schema of %s: %w", typeName, err)
	}
	return &resourceSchema{
		typeName: typeName,
		version:  r.Version,
		block:    b,
		proto:    &tfprotov5.Schema{Version: r.Version, Block: b.proto()},
	}, nil
}

func compileBlock(src Block, prefix string, computed map[string]bool) (*blockSchema, error) {
	b := &blockSchema{attrs: map[string]*attrSchema{}, blocks: map[string]*nestedSchema{}}
	types := map[string]tftypes.Type{}
	for name, a := range src.Attributes {
		t, err := ctyType(a.Type)
		if err != nil {
			return nil, fmt.Errorf("attribute %s%s: %w", prefix, name, err)
		}
		as := &attrSchema{name: name, typ: t, required: a.Required, optional: a.Optional, computed: a.Computed, sensitive: a.Sensitive}
		if as.optional && !as.computed && isComputedWhenUnset(computed, prefix+name, src, name) {
			as.computed = true
		}
		b.attrs[name] = as
		types[name] = t
	}
	for name, nb := range src.BlockTypes {
		inner, err := compileBlock(nb.Block, prefix+name+".", computed)
		if err != nil {
			return nil, err
		}
		ns := &nestedSchema{min: nb.MinItems, max: nb.MaxItems, block: inner}
		switch nb.NestingMode {
		case "list":
			ns.nesting = tfprotov5.SchemaNestedBlockNestingModeList
			types[name] = listBlockType(inner.typ)
		case "set":
			if hasDynamic(inner.typ) {
				// terraform rejects dynamic attributes inside set blocks (its sets hash exact
				// types); the npm bindings type some deeply recursive blocks (aws_wafv2_web_acl's
				// rule.statement) as dynamic. A list block takes the same configuration.
				ns.nesting = tfprotov5.SchemaNestedBlockNestingModeList
				types[name] = listBlockType(inner.typ)
				break
			}
			ns.nesting = tfprotov5.SchemaNestedBlockNestingModeSet
			types[name] = tftypes.Set{ElementType: inner.typ}
		case "single":
			ns.nesting = tfprotov5.SchemaNestedBlockNestingModeSingle
			types[name] = inner.typ
		case "group":
			ns.nesting = tfprotov5.SchemaNestedBlockNestingModeGroup
			types[name] = inner.typ
		case "map":
			ns.nesting = tfprotov5.SchemaNestedBlockNestingModeMap
			types[name] = tftypes.Map{ElementType: inner.typ}
		default:
			return nil, fmt.Errorf("block %s%s: unknown nesting mode %q", prefix, name, nb.NestingMode)
		}
		b.blocks[name] = ns
	}
	b.typ = tftypes.Object{AttributeTypes: types}
	return b, nil
}

// isComputedWhenUnset reports whether an optional attribute is served Optional+Computed: listed
// in the table, or one of the general rules of the real provider (see computedWhenUnset).
func isComputedWhenUnset(table map[string]bool, path string, parent Block, name string) bool {
	if table[path] {
		return true
	}
	switch name {
	case "id", "tags_all", "region":
		// region: since 6.0 every regional resource takes an optional region that defaults to
		// the provider's (the "Enhanced Region Support" of hashicorp/aws 6.0).
		return true
	case "name":
		// Every resource with name_prefix generates name when both are unset
		// (internal/create.Name in hashicorp/terraform-provider-aws).
		_, ok := parent.Attributes["name_prefix"]
		return ok
	}
	return false
}

func (b *blockSchema) proto() *tfprotov5.SchemaBlock {
	out := &tfprotov5.SchemaBlock{}
	for _, name := range sortedKeys(b.attrs) {
		a := b.attrs[name]
		out.Attributes = append(out.Attributes, &tfprotov5.SchemaAttribute{
			Name: name, Type: a.typ, Required: a.required, Optional: a.optional,
			Computed: a.computed, Sensitive: a.sensitive,
		})
	}
	for _, name := range sortedKeys(b.blocks) {
		nb := b.blocks[name]
		out.BlockTypes = append(out.BlockTypes, &tfprotov5.SchemaNestedBlock{
			TypeName: name, Block: nb.block.proto(), Nesting: nb.nesting,
			MinItems: nb.min, MaxItems: nb.max,
		})
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ctyType converts a cty type in its JSON form into a tftypes.Type.
func ctyType(raw json.RawMessage) (tftypes.Type, error) {
	var prim string
	if err := json.Unmarshal(raw, &prim); err == nil {
		switch prim {
		case "string":
			return tftypes.String, nil
		case "number":
			return tftypes.Number, nil
		case "bool":
			return tftypes.Bool, nil
		case "dynamic":
			return tftypes.DynamicPseudoType, nil
		}
		return nil, fmt.Errorf("unknown primitive type %q", prim)
	}
	var parts []json.RawMessage
	if err := json.Unmarshal(raw, &parts); err != nil || len(parts) < 2 {
		return nil, fmt.Errorf("type %s is neither a primitive nor a [kind, element] pair", raw)
	}
	var kind string
	if err := json.Unmarshal(parts[0], &kind); err != nil {
		return nil, fmt.Errorf("type kind %s: %w", parts[0], err)
	}
	switch kind {
	case "list", "set", "map":
		elem, err := ctyType(parts[1])
		if err != nil {
			return nil, err
		}
		switch kind {
		case "list":
			return tftypes.List{ElementType: elem}, nil
		case "set":
			return tftypes.Set{ElementType: elem}, nil
		}
		return tftypes.Map{ElementType: elem}, nil
	case "object":
		var attrs map[string]json.RawMessage
		if err := json.Unmarshal(parts[1], &attrs); err != nil {
			return nil, fmt.Errorf("object attributes %s: %w", parts[1], err)
		}
		out := tftypes.Object{AttributeTypes: map[string]tftypes.Type{}}
		for name, at := range attrs {
			t, err := ctyType(at)
			if err != nil {
				return nil, fmt.Errorf("object attribute %s: %w", name, err)
			}
			out.AttributeTypes[name] = t
		}
		if len(parts) > 2 {
			var optional []string
			if err := json.Unmarshal(parts[2], &optional); err != nil {
				return nil, fmt.Errorf("object optional attributes %s: %w", parts[2], err)
			}
			out.OptionalAttributes = map[string]struct{}{}
			for _, o := range optional {
				out.OptionalAttributes[o] = struct{}{}
			}
		}
		return out, nil
	case "tuple":
		var elems []json.RawMessage
		if err := json.Unmarshal(parts[1], &elems); err != nil {
			return nil, fmt.Errorf("tuple elements %s: %w", parts[1], err)
		}
		out := tftypes.Tuple{}
		for _, e := range elems {
			t, err := ctyType(e)
			if err != nil {
				return nil, err
			}
			out.ElementTypes = append(out.ElementTypes, t)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown type kind %q", kind)
}

// listBlockType is the value type of a list block whose blocks have type elem. terraform
// types a list block with dynamic attributes inside as a tuple (its elements may differ in
// type), which it cannot know before reading the configuration, so on the wire the block's
// value is dynamic: [type, value] (configschema's BlockTupleSpec, whose implied type is
// cty.DynamicPseudoType). Decoding it as a list fails on the first element.
func listBlockType(elem tftypes.Type) tftypes.Type {
	if hasDynamic(elem) {
		return tftypes.DynamicPseudoType
	}
	return tftypes.List{ElementType: elem}
}

// hasDynamic reports whether t is or contains tftypes.DynamicPseudoType.
func hasDynamic(t tftypes.Type) bool {
	switch tt := t.(type) {
	case tftypes.Object:
		for _, at := range tt.AttributeTypes {
			if hasDynamic(at) {
				return true
			}
		}
		return false
	case tftypes.List:
		return hasDynamic(tt.ElementType)
	case tftypes.Set:
		return hasDynamic(tt.ElementType)
	case tftypes.Map:
		return hasDynamic(tt.ElementType)
	case tftypes.Tuple:
		for _, et := range tt.ElementTypes {
			if hasDynamic(et) {
				return true
			}
		}
		return false
	}
	return t.Is(tftypes.DynamicPseudoType)
}
