package offlineaws

import "encoding/json"

// The types below mirror the shape of package awsschema (the team contract, section 1) so that
// this package can be built and tested before awsschema lands; once it does they become aliases
// of awsschema's types and this file shrinks to those aliases.

// Schema is the provider's schema: the provider block, every resource type and every data source,
// in the shape of `terraform providers schema -json`.
type Schema struct {
	// Source says where the schema was derived from.
	Source Source `json:"source"`
	// Provider is the schema of the provider block.
	Provider Block `json:"provider"`
	// Resources maps a resource type name to its schema.
	Resources map[string]Resource `json:"resource_schemas"`
	// DataSources maps a data source type name to its schema.
	DataSources map[string]Resource `json:"data_source_schemas"`
}

// Source names the package and provider version a schema was derived from.
type Source struct {
	// Package is the npm package, e.g. "@cdktn/provider-aws".
	Package string `json:"package"`
	// PackageVersion is the npm package's version.
	PackageVersion string `json:"package_version"`
	// ProviderVersion is the hashicorp/aws version the package was generated from.
	ProviderVersion string `json:"provider_version"`
}

// Resource is the schema of one resource type or data source.
type Resource struct {
	// Version is the schema version of the state.
	Version int64 `json:"version"`
	// Block is the top-level block.
	Block Block `json:"block"`
}

// Block is a block: attributes and nested block types.
type Block struct {
	// Attributes maps an attribute name to its schema.
	Attributes map[string]Attribute `json:"attributes,omitempty"`
	// BlockTypes maps a nested block type name to its schema.
	BlockTypes map[string]NestedBlock `json:"block_types,omitempty"`
}

// Attribute is one attribute's schema.
type Attribute struct {
	// Type is the cty type in its JSON form: "string", ["list","string"], ["object",{...}].
	Type json.RawMessage `json:"type"`
	// Required is true when the configuration must set the attribute.
	Required bool `json:"required,omitempty"`
	// Optional is true when the configuration may set the attribute.
	Optional bool `json:"optional,omitempty"`
	// Computed is true when the provider sets the attribute; alone it means computed-only.
	Computed bool `json:"computed,omitempty"`
	// Sensitive is true when terraform must hide the value in its output.
	Sensitive bool `json:"sensitive,omitempty"`
}

// NestedBlock is a nested block type's schema.
type NestedBlock struct {
	// NestingMode is "list", "set", "single" (or "map", "group").
	NestingMode string `json:"nesting_mode"`
	// MinItems is the least number of blocks; 0 means no minimum.
	MinItems int64 `json:"min_items,omitempty"`
	// MaxItems is the most number of blocks; 0 means no maximum.
	MaxItems int64 `json:"max_items,omitempty"`
	// Block is the nested block's content.
	Block Block `json:"block"`
}
