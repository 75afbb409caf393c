// Module pins holds the version of every third-party tool the Makefile runs, in one place,
// outside go.work: its requirements never raise a workspace module's versions. mk/tools.mk
// reads each tool's version from the requirements below and builds it once per version into
// bin/tools/<name>-<version> with `go install <package>@<version>` (GOWORK=off): each tool
// with the build list its authors released, not one shared list (a shared list once broke
// actionlint's build). Move a tool with `GOWORK=off go get -tool <package>@<version>` here.
// The Go linter is not here: it is this repository's own module, tools/lint.
module github.com/tsumiki-dev/tsumiki/tools/pins

go 1.26.3

tool (
	github.com/rhysd/actionlint/cmd/actionlint
	golang.org/x/vuln/cmd/govulncheck
)

require (
	github.com/bmatcuk/doublestar/v4 v4.10.0 // indirect
	github.com/clipperhouse/uax29/v2 v2.7.0 // indirect
	github.com/fatih/color v1.19.0 // indirect
	github.com/mattn/go-colorable v0.1.16 // indirect
	github.com/mattn/go-isatty v0.0.22 // indirect
	github.com/mattn/go-runewidth v0.0.24 // indirect
	github.com/mattn/go-shellwords v1.0.12 // indirect
	github.com/rhysd/actionlint v1.7.12 // indirect
	github.com/robfig/cron/v3 v3.0.1 // indirect
	go.yaml.in/yaml/v4 v4.0.0-rc.6 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/telemetry v0.0.0-20261010193011-f71dc92da45e // indirect
	golang.org/x/tools v0.52.0 // indirect
	golang.org/x/vuln v1.9.0 // indirect
)
