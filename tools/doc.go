// Package tools is the root of the repository's own tooling module: the pinned tool versions
// (the tool directives in go.mod), the terraform guards, the docs lint and the other checks
// that make targets run. Each tool is a command under cmd/ with its logic in internal/.
package tools
