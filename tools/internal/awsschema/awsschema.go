// Package awsschema holds the schema of the hashicorp/aws provider for every resource type and
// data source the repository's terraform uses, plus the provider block, so an offline provider
// can serve it without the registry.
//
// The schema is derived (make tf/schema, tools/cmd/tfschema) from the npm package
// @cdktn/provider-aws, the CDK Terrain bindings generated from the real provider's
// `terraform providers schema -json` output, and committed as aws.json, which this package
// embeds. Its shape is the block part of `terraform providers schema -json`. Source says which
// package and provider version it came from.
//
// What the package cannot tell: whether an optional attribute is also computed (recorded as
// Optional only, unless the package states computed), whether an attribute is sensitive (left
// out), and the exact min/max items of list blocks beyond "at most one" (a block typed as a
// single struct) and "at least one" (a required block).
package awsschema

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
)

//go:embed aws.json
var awsJSON []byte

// Schema is the derived provider schema.
type Schema struct {
	// Source says where the schema came from.
	Source Source `json:"source"`
	// Provider is the schema of the provider "aws" block.
	Provider Block `json:"provider"`
	// Resources maps a resource type (aws_sqs_queue) to its schema.
	Resources map[string]Resource `json:"resource_schemas"`
	// DataSources maps a data source type (aws_region) to its schema.
	DataSources map[string]Resource `json:"data_source_schemas"`
}

// Source names the npm package and the hashicorp/aws version the schema was derived from.
type Source struct {
	// Package is the npm package name, "@cdktn/provider-aws".
	Package string `json:"package"`
	// PackageVersion is the npm package version, e.g. "24.1.0".
	PackageVersion string `json:"package_version"`
	// ProviderVersion is the hashicorp/aws version the package was generated from, e.g. "6.45.0".
	ProviderVersion string `json:"provider_version"`
}

// Resource is the schema of one resource type or data source.
type Resource struct {
	// Version is the schema version; the package does not publish it, so it is 0.
	Version int64 `json:"version"`
	// Block is the top-level block of the resource or data source.
	Block Block `json:"block"`
}

// Block is a block's attributes and nested block types.
type Block struct {
	// Attributes maps an attribute name to its schema.
	Attributes map[string]Attribute `json:"attributes,omitempty"`
	// BlockTypes maps a nested block type name to its schema.
	BlockTypes map[string]NestedBlock `json:"block_types,omitempty"`
}

// Attribute is one attribute of a block.
type Attribute struct {
	// Type is the cty type in JSON: "string", "number", "bool", "dynamic", ["list","string"],
	// ["set",T], ["map",T], ["object",{"name":T,...}].
	Type json.RawMessage `json:"type"`
	// Required means the configuration must set it.
	Required bool `json:"required,omitempty"`
	// Optional means the configuration may set it. The package cannot tell Optional from
	// Optional+Computed, so an optional attribute is Computed only when the package says so.
	Optional bool `json:"optional,omitempty"`
	// Computed means the provider sets it; with neither Required nor Optional it is read-only.
	Computed bool `json:"computed,omitempty"`
	// Sensitive means terraform hides the value in output. The package does not carry it.
	Sensitive bool `json:"sensitive,omitempty"`
}

// NestedBlock is a nested block type of a block.
type NestedBlock struct {
	// NestingMode is "list", "set", "single" or "map".
	NestingMode string `json:"nesting_mode"`
	// MinItems is the least number of blocks; 0 means none required.
	MinItems int64 `json:"min_items,omitempty"`
	// MaxItems is the most number of blocks; 0 means no limit.
	MaxItems int64 `json:"max_items,omitempty"`
	// Block is the nested block's own schema.
	Block Block `json:"block"`
}

// Load parses the embedded aws.json. It returns an error only if the committed file is not
// valid JSON of this shape, which the package tests rule out.
func Load() (*Schema, error) {
	return Parse(awsJSON)
}

// Parse decodes a schema in the aws.json format, with every attribute Type compacted (no
// whitespace). It fails on malformed JSON and on a schema without resource or data source maps.
func Parse(data []byte) (*Schema, error) {
	var s Schema
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("decode aws schema: %w", err)
	}
	if s.Resources == nil || s.DataSources == nil {
		return nil, errors.New("decode aws schema: no resource_schemas or data_source_schemas")
	}
	if err := compactBlock(&s.Provider); err != nil {
		return nil, fmt.Errorf("decode aws schema: provider: %w", err)
	}
	for _, m := range []map[string]Resource{s.Resources, s.DataSources} {
		for name, r := range m {
			if err := compactBlock(&r.Block); err != nil {
				return nil, fmt.Errorf("decode aws schema: %s: %w", name, err)
			}
		}
	}
	return &s, nil
}

// compactBlock removes the whitespace from the attribute types of a block and its nested
// blocks, so a type's bytes are the same however the file was indented. The maps hold values,
// so the compacted attributes are stored back.
func compactBlock(b *Block) error {
	for name, a := range b.Attributes {
		var buf bytes.Buffer
		if err := json.Compact(&buf, a.Type); err != nil {
			return fmt.Errorf("attribute %s: %w", name, err)
		}
		a.Type = buf.Bytes()
		b.Attributes[name] = a
	}
	for name, nb := range b.BlockTypes {
		if err := compactBlock(&nb.Block); err != nil {
			return fmt.Errorf("block %s: %w", name, err)
		}
		b.BlockTypes[name] = nb
	}
	return nil
}

// Marshal encodes a schema as aws.json: indented, keys sorted, each attribute type on one
// line, a trailing newline, so the same schema always gives the same bytes.
func Marshal(s *Schema) ([]byte, error) {
	flat, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode aws schema: %w", err)
	}
	var tree any
	if err := json.Unmarshal(flat, &tree); err != nil {
		return nil, fmt.Errorf("encode aws schema: %w", err)
	}
	var buf bytes.Buffer
	if err := writeIndented(&buf, tree, ""); err != nil {
		return nil, fmt.Errorf("encode aws schema: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// writeIndented writes v with objects indented by two spaces per level, except the value of a
// "type" key that is not an object (a cty type), which stays on one line.
func writeIndented(buf *bytes.Buffer, v any, indent string) error {
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		return writeCompact(buf, v)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	buf.WriteString("{\n")
	for i, k := range keys {
		buf.WriteString(indent + "  ")
		if err := writeCompact(buf, k); err != nil {
			return err
		}
		buf.WriteString(": ")
		if _, isMap := m[k].(map[string]any); k == "type" && !isMap {
			if err := writeCompact(buf, m[k]); err != nil {
				return err
			}
		} else if err := writeIndented(buf, m[k], indent+"  "); err != nil {
			return err
		}
		if i < len(keys)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString(indent + "}")
	return nil
}

func writeCompact(buf *bytes.Buffer, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode value: %w", err)
	}
	buf.Write(data)
	return nil
}
