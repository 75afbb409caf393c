package offlineaws

import "github.com/tsumiki-dev/tsumiki/tools/internal/awsschema"

// The schema types are package awsschema's: the real provider's schema, derived from the npm
// bindings and committed (see awsschema's doc for the provider version it comes from).
type (
	// Schema is the provider's schema: the provider block, resource types and data sources.
	Schema = awsschema.Schema
	// Resource is the schema of one resource type or data source.
	Resource = awsschema.Resource
	// Block is a block: attributes and nested block types.
	Block = awsschema.Block
	// Attribute is one attribute's schema.
	Attribute = awsschema.Attribute
	// NestedBlock is a nested block type's schema.
	NestedBlock = awsschema.NestedBlock
)
