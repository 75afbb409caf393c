package offlineaws

import (
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// terraform rejects dynamic attributes in set blocks; such a block is served as a list, and a
// dynamic value keeps the type of its content through plan and apply.
func TestCompileResource_DynamicInSetBlock(t *testing.T) {
	r := Resource{Block: Block{
		Attributes: map[string]Attribute{"id": {Type: json.RawMessage(`"string"`), Optional: true}},
		BlockTypes: map[string]NestedBlock{"rule": {NestingMode: "set", Block: Block{
			Attributes: map[string]Attribute{"statement": {Type: json.RawMessage(`"dynamic"`), Optional: true}},
		}}},
	}}
	rs, err := compileResource("aws_wafv2_web_acl", r, nil)
	require.NoError(t, err)
	require.Len(t, rs.proto.Block.BlockTypes, 1)
	assert.Equal(t, tfprotov5.SchemaNestedBlockNestingModeList, rs.proto.Block.BlockTypes[0].Nesting)

	statement := map[string]any{"byte_match": map[string]any{"field": "uri", "size": json.Number("3")}, "tags": []any{"a", true}}
	in := map[string]any{"id": "x", "rule": []any{map[string]any{"statement": statement}}}
	dv, err := encode(rs.block.typ, in)
	require.NoError(t, err)
	v, err := dv.Unmarshal(rs.block.typ)
	require.NoError(t, err)
	var obj map[string]tftypes.Value
	require.NoError(t, v.As(&obj))
	var rules []tftypes.Value
	require.NoError(t, obj["rule"].As(&rules))
	var rule map[string]tftypes.Value
	require.NoError(t, rules[0].As(&rule))
	assert.True(t, rule["statement"].Type().Is(tftypes.Object{}), "an object stays an object: %s", rule["statement"].Type())
	back, err := fromValue(v)
	require.NoError(t, err)
	assert.Equal(t, in, back)
}

func TestToValue_SetsKeepUnknownElements(t *testing.T) {
	typ := tftypes.Set{ElementType: tftypes.String}
	v, err := toValue(typ, []any{Unknown, Unknown, "a", "a"})
	require.NoError(t, err)
	var elems []tftypes.Value
	require.NoError(t, v.As(&elems))
	assert.Len(t, elems, 3, "two unknowns stay apart, equal known values merge")
}

func TestEqualTyped(t *testing.T) {
	set := tftypes.Set{ElementType: tftypes.String}
	assert.True(t, equalTyped(set, []any{"a", "b"}, []any{"b", "a"}), "sets in any order")
	assert.False(t, equalTyped(tftypes.List{ElementType: tftypes.String}, []any{"a", "b"}, []any{"b", "a"}), "lists in order")
	assert.False(t, equalTyped(set, []any{"a", "a"}, []any{"a", "b"}))
	obj := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"n": tftypes.Number}}
	assert.True(t, equalTyped(obj, map[string]any{"n": json.Number("1")}, map[string]any{"n": json.Number("1.0")}), "numbers by value")
}

func TestFillUnknown(t *testing.T) {
	s := testServer(t)
	b := s.resources["aws_lb_listener"].block
	obj := full(b, map[string]any{"load_balancer_arn": "arn", "port": Unknown, "default_action": Unknown, "tags": map[string]any{"a": Unknown}})
	fillUnknown(b, obj, "seed", "")
	assert.Equal(t, []any{}, obj["default_action"], "a block list of its own type")
	assert.Equal(t, json.Number("0"), obj["port"])
	assert.Len(t, asObject(obj["tags"])["a"], 20)
	_, err := encode(b.typ, obj)
	require.NoError(t, err, "the filled object has the schema's type")
}

// terraform sends a list block with dynamic attributes inside as a dynamic value ([type,
// value], its BlockTupleSpec): decoding must accept that wire form, with blocks and without.
func TestCompileResource_DynamicListBlockOnTheWire(t *testing.T) {
	r := Resource{Block: Block{
		Attributes: map[string]Attribute{"name": {Type: json.RawMessage(`"string"`), Optional: true}},
		BlockTypes: map[string]NestedBlock{"rule": {NestingMode: "set", Block: Block{
			Attributes: map[string]Attribute{"statement": {Type: json.RawMessage(`"dynamic"`), Optional: true}},
		}}},
	}}
	rs, err := compileResource("aws_wafv2_web_acl", r, nil)
	require.NoError(t, err)
	wire := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"name": tftypes.String, "rule": tftypes.DynamicPseudoType}}
	stmt := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"limit": tftypes.Number}}
	rule := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"statement": stmt}}
	for name, rules := range map[string]tftypes.Value{
		"NoBlocks": tftypes.NewValue(tftypes.Tuple{ElementTypes: []tftypes.Type{}}, []tftypes.Value{}),
		"OneBlock": tftypes.NewValue(tftypes.Tuple{ElementTypes: []tftypes.Type{rule}}, []tftypes.Value{
			tftypes.NewValue(rule, map[string]tftypes.Value{"statement": tftypes.NewValue(stmt, map[string]tftypes.Value{"limit": tftypes.NewValue(tftypes.Number, 100)})}),
		}),
	} {
		t.Run(name, func(t *testing.T) {
			dv, err := tfprotov5.NewDynamicValue(wire, tftypes.NewValue(wire, map[string]tftypes.Value{
				"name": tftypes.NewValue(tftypes.String, "acl"), "rule": rules,
			}))
			require.NoError(t, err)
			got, err := decode(rs.block.typ, &dv)
			require.NoError(t, err, "terraform's wire form of a list block with dynamic attributes decodes")
			require.Equal(t, "acl", got.(map[string]any)["name"])
		})
	}
}
