// Module lint is the Go linter make go/lint runs (`go vet -vettool`). It is its own module,
// outside go.work, so its analyzers' requirements never raise a workspace module's versions;
// mk/tools.mk builds it once per content hash into bin/tools/. The analyzer versions are the
// ones golangci-lint v2.15.0 was released with (its go.mod), the linter this one replaced.
module github.com/tsumiki-dev/tsumiki/tools/lint

go 1.26.3

require (
	github.com/golangci/misspell v0.8.0
	github.com/gordonklaus/ineffassign v0.2.0
	github.com/kisielk/errcheck v1.30.0
	golang.org/x/tools v0.52.0
	honnef.co/go/tools v0.8.2
)

require (
	github.com/BurntSushi/toml v1.6.0 // indirect
	golang.org/x/exp/typeparams v0.0.0-20260811152304-ee035b5b010f // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
)
