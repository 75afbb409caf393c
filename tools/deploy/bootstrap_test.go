package deploy_test

import (
	"path/filepath"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/stretchr/testify/require"

	deploypkg "github.com/tsumiki-dev/tsumiki/tools/deploy"
	"github.com/tsumiki-dev/tsumiki/tools/internal/naming"
	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

// TestResolve_ECSNames fails when a service stack names its ECS service differently from what
// terraform/bootstrap/deploy.tf assumes (its ecs_component_by_kind): bootstrap builds the
// deploy role's reach from names before any stack exists, so the two must agree.
func TestResolve_ECSNames(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)

	file, diags := hclparse.NewParser().ParseHCLFile(filepath.Join(root, "terraform", "bootstrap", "deploy.tf"))
	require.False(t, diags.HasErrors(), diags.Error())
	content, _, diags := file.Body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "locals"}}})
	require.False(t, diags.HasErrors(), diags.Error())
	components := map[string]string{}
	for _, block := range content.Blocks {
		attrs, diags := block.Body.JustAttributes()
		require.False(t, diags.HasErrors(), diags.Error())
		attr, ok := attrs["ecs_component_by_kind"]
		if !ok {
			continue
		}
		v, diags := attr.Expr.Value(nil)
		require.False(t, diags.HasErrors(), diags.Error())
		for k, c := range v.AsValueMap() {
			components[k] = c.AsString()
		}
	}
	require.NotEmpty(t, components, "terraform/bootstrap/deploy.tf defines local.ecs_component_by_kind")

	services, err := svcdef.Load(root)
	require.NoError(t, err)
	checked := 0
	for _, s := range services {
		if s.Kind == svcdef.KindLambda {
			continue
		}
		component, ok := components[s.Kind]
		require.True(t, ok, "bootstrap's ecs_component_by_kind has kind %s", s.Kind)
		for _, env := range deploypkg.Environments {
			got, err := deploypkg.Resolve(root, s.Name, env)
			require.NoError(t, err)
			want := naming.MustNew(naming.Input{Environment: env, Service: s.Name, Component: component}).ID
			require.Equal(t, want, got.ECSService, "%s in %s", s.Name, env)
			checked++
		}
	}
	require.Positive(t, checked)
}
