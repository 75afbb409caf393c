package offlineaws

import (
	"context"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/awsschema"
	"github.com/tsumiki-dev/tsumiki/tools/internal/offlineaws/account"
)

// FixtureSchema returns the small hand-written schema of the tests (testdata/schema.json): a few
// resource types and data sources in the awsschema shape, stable whatever the real schema becomes.
func FixtureSchema() (*Schema, error) {
	b, err := os.ReadFile("testdata/schema.json")
	if err != nil {
		return nil, err
	}
	return awsschema.Parse(b)
}

// testServer is a provider on the fixture schema with its own in-memory account, configured
// for eu-west-1 with default tags.
func testServer(t *testing.T) *Server {
	t.Helper()
	return testServerWithStore(t, account.Open("", DefaultAccountID))
}

func testServerWithStore(t *testing.T, store *account.Store) *Server {
	t.Helper()
	schema, err := FixtureSchema()
	require.NoError(t, err)
	s, err := NewWithStore(schema, func(string) string { return "" }, store)
	require.NoError(t, err)
	resp, err := s.ConfigureProvider(context.Background(), &tfprotov5.ConfigureProviderRequest{
		Config: providerConfigValue(t, s, map[string]any{
			"region":       "eu-west-1",
			"default_tags": []any{map[string]any{"tags": map[string]any{"env": "stg", "owner": "platform"}}},
		}),
	})
	require.NoError(t, err)
	require.Empty(t, resp.Diagnostics)
	return s
}

func providerConfigValue(t *testing.T, s *Server, cfg map[string]any) *tfprotov5.DynamicValue {
	t.Helper()
	dv, err := encode(s.provider.block.typ, full(s.provider.block, cfg))
	require.NoError(t, err)
	return dv
}

// full returns obj with every attribute and block of b present (null when absent).
func full(b *blockSchema, obj map[string]any) map[string]any {
	out := map[string]any{}
	for name := range b.attrs {
		out[name] = obj[name]
	}
	for name, nb := range b.blocks {
		v, ok := obj[name]
		if !ok {
			switch nb.nesting {
			case tfprotov5.SchemaNestedBlockNestingModeList, tfprotov5.SchemaNestedBlockNestingModeSet:
				v = []any{}
			}
		}
		if l, ok := v.([]any); ok {
			for i, e := range l {
				l[i] = full(nb.block, asObject(e))
			}
		}
		out[name] = v
	}
	return out
}

func dynamic(t *testing.T, typ tftypes.Type, g any) *tfprotov5.DynamicValue {
	t.Helper()
	dv, err := encode(typ, g)
	require.NoError(t, err)
	return dv
}

func undynamic(t *testing.T, typ tftypes.Type, dv *tfprotov5.DynamicValue) map[string]any {
	t.Helper()
	g, err := decode(typ, dv)
	require.NoError(t, err)
	return asObject(g)
}

// planCreate plans the creation of typeName from cfg as terraform does (the proposed new state
// of a create is the configuration).
func planCreate(t *testing.T, s *Server, typeName string, cfg map[string]any) (map[string]any, *tfprotov5.PlanResourceChangeResponse) {
	t.Helper()
	typ := s.resources[typeName].block.typ
	c := full(s.resources[typeName].block, cfg)
	resp, err := s.PlanResourceChange(context.Background(), &tfprotov5.PlanResourceChangeRequest{
		TypeName:         typeName,
		PriorState:       dynamic(t, typ, nil),
		ProposedNewState: dynamic(t, typ, c),
		Config:           dynamic(t, typ, c),
	})
	require.NoError(t, err)
	require.Empty(t, resp.Diagnostics)
	return undynamic(t, typ, resp.PlannedState), resp
}

// planUpdate plans a change from prior to cfg, with the proposed new state built as terraform
// builds it: the configuration, with prior values for computed attributes it leaves unset.
func planUpdate(t *testing.T, s *Server, typeName string, prior, cfg map[string]any) (map[string]any, *tfprotov5.PlanResourceChangeResponse) {
	t.Helper()
	b := s.resources[typeName].block
	c := full(b, cfg)
	proposed := deepCopy(c).(map[string]any)
	for name, a := range b.attrs {
		if a.computed && c[name] == nil {
			proposed[name] = prior[name]
		}
	}
	resp, err := s.PlanResourceChange(context.Background(), &tfprotov5.PlanResourceChangeRequest{
		TypeName:         typeName,
		PriorState:       dynamic(t, b.typ, prior),
		ProposedNewState: dynamic(t, b.typ, proposed),
		Config:           dynamic(t, b.typ, c),
	})
	require.NoError(t, err)
	require.Empty(t, resp.Diagnostics)
	return undynamic(t, b.typ, resp.PlannedState), resp
}

// apply applies planned (from planCreate or planUpdate) over prior.
func apply(t *testing.T, s *Server, typeName string, prior, planned map[string]any) (map[string]any, []*tfprotov5.Diagnostic) {
	t.Helper()
	typ := s.resources[typeName].block.typ
	var priorValue any
	if prior != nil {
		priorValue = prior
	}
	var plannedValue any
	if planned != nil {
		plannedValue = planned
	}
	resp, err := s.ApplyResourceChange(context.Background(), &tfprotov5.ApplyResourceChangeRequest{
		TypeName:     typeName,
		PriorState:   dynamic(t, typ, priorValue),
		PlannedState: dynamic(t, typ, plannedValue),
		Config:       dynamic(t, typ, plannedValue),
	})
	require.NoError(t, err)
	if len(resp.Diagnostics) > 0 {
		return nil, resp.Diagnostics
	}
	return undynamic(t, typ, resp.NewState), nil
}

// create plans and applies the creation of typeName from cfg and requires it to succeed.
func create(t *testing.T, s *Server, typeName string, cfg map[string]any) map[string]any {
	t.Helper()
	planned, _ := planCreate(t, s, typeName, cfg)
	state, diags := apply(t, s, typeName, nil, planned)
	require.Empty(t, diags)
	return state
}
