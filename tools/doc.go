// Package tools is the root of the repository's own tooling module: the terraform guards, the
// docs lint and the other checks that make targets run. Each tool is a command under cmd/ with
// its logic in internal/. Third-party tools are pinned elsewhere, in the module tools/pins
// (outside go.work, so its requirements never raise a workspace module's versions; mk/tools.mk
// builds them).
package tools
