package offlineaws

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The real schema compiles and is served.
func TestLoadSchema(t *testing.T) {
	schema, err := LoadSchema()
	require.NoError(t, err)
	s, err := New(schema, func(string) string { return "" })
	require.NoError(t, err)
	resp, err := s.GetProviderSchema(context.Background(), &tfprotov5.GetProviderSchemaRequest{})
	require.NoError(t, err)
	require.Empty(t, resp.Diagnostics)
	assert.Len(t, resp.ResourceSchemas, len(schema.Resources))
	for _, name := range []string{"aws_caller_identity", "aws_partition", "aws_region", "aws_iam_policy_document"} {
		assert.Contains(t, resp.DataSourceSchemas, name)
	}
}

// Every attribute the tables name exists in the real schema, for the types the schema has: a
// typo or a renamed argument would otherwise silently do nothing.
func TestTables_NameRealAttributes(t *testing.T) {
	schema, err := LoadSchema()
	require.NoError(t, err)
	has := func(typeName, path string) (known, ok bool) {
		r, known := schema.Resources[typeName]
		if !known {
			return false, false
		}
		b := r.Block
		parts := strings.Split(path, ".")
		for _, p := range parts[:len(parts)-1] {
			nb, ok := b.BlockTypes[p]
			if !ok {
				return true, false
			}
			b = nb.Block
		}
		last := parts[len(parts)-1]
		_, isAttr := b.Attributes[last]
		_, isBlock := b.BlockTypes[last]
		return true, isAttr || isBlock
	}
	check := func(table, typeName, path string) {
		if known, ok := has(typeName, path); known && !ok {
			t.Errorf("%s: %s has no argument %q in the schema", table, typeName, path)
		}
	}
	for typeName, attrs := range forceNew {
		for _, a := range attrs {
			check("forceNew", typeName, a)
		}
	}
	for typeName, attrs := range computedWhenUnset {
		for a := range attrs {
			check("computedWhenUnset", typeName, a)
		}
	}
	for typeName, attrs := range defaultWhenUnset {
		for a := range attrs {
			check("defaultWhenUnset", typeName, a)
		}
	}
	for typeName, limits := range nameLimits {
		for _, l := range limits {
			check("nameLimits", typeName, l.attr)
		}
	}
}

// Every resource type of the real schema gets its ids and ARNs in its service's format, not the
// generic fallback.
func TestIdentities_CoverTheSchema(t *testing.T) {
	schema, err := LoadSchema()
	require.NoError(t, err)
	for typeName := range schema.Resources {
		assert.Contains(t, identities, typeName, "identities (identity.go) has no entry for %s: add how AWS names it", typeName)
	}
}

// Every resource type of the real schema says which arguments replace it (an empty entry says
// none does), so that a new type cannot slip in without the question being asked.
func TestForceNew_CoversTheSchema(t *testing.T) {
	schema, err := LoadSchema()
	require.NoError(t, err)
	for typeName := range schema.Resources {
		assert.Contains(t, forceNew, typeName, "forceNew (replace.go) has no entry for %s: add the arguments that replace it ({} for none), from the provider source", typeName)
	}
}

// Every data source of the real schema is computed offline; one that is not would fail every
// plan that reads it.
func TestDataSources_CoverTheSchema(t *testing.T) {
	schema, err := LoadSchema()
	require.NoError(t, err)
	for typeName := range schema.DataSources {
		if typeName == "aws_iam_policy_document" {
			continue
		}
		assert.Contains(t, dataSourceReaders, typeName, "dataSourceReaders (datasources.go) has no reader for %s", typeName)
	}
}
