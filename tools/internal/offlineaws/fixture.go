package offlineaws

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

//go:embed testdata/schema.json
var fixtureSchema []byte

// FixtureSchema returns the small hand-written schema the package's tests use: a few resource
// types and the four data sources our stacks read, in the awsschema shape. The provider binary
// serves it only until package awsschema (the real provider's schema) is available.
func FixtureSchema() (*Schema, error) {
	return ParseSchema(fixtureSchema)
}

// ParseSchema parses a schema in the awsschema JSON shape.
func ParseSchema(b []byte) (*Schema, error) {
	s := &Schema{}
	if err := json.Unmarshal(b, s); err != nil {
		return nil, fmt.Errorf("parse schema: %w", err)
	}
	return s, nil
}

// LoadSchema returns the schema the provider binary serves.
func LoadSchema() (*Schema, error) {
	return FixtureSchema()
}
