// Package api embeds todo-api's OpenAPI 3.1 document, the contract of the HTTP API: the
// service serves it at /openapi.yaml and the contract test validates every response against it.
package api

import _ "embed"

// OpenAPI is the OpenAPI 3.1 document in YAML.
//
//go:embed openapi.yaml
var OpenAPI []byte
