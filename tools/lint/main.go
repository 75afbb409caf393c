// Command lint is the Go linter `make go/lint` runs over every module of go.work, as a vet tool:
//
//	go vet -vettool=bin/tools/lint-<hash> ./...
//
// go vet hands it one package at a time and caches its findings in the build cache, so a
// module is analysed from the compiled export data the tests already built instead of being
// type-checked again from source, and nothing is analysed twice. It runs the checks
// golangci-lint v2.15.0 ran here with this repository's configuration, at the analyzer versions
// that release was built with (go.mod): go vet's default analyzers, staticcheck (its SA, S and
// ST checks but not the quick fixes QF, nor ST1000, ST1003, ST1016, ST1020, ST1021, ST1022),
// unused, errcheck, ineffassign, misspell, and doccomment (revive's exported and
// package-comments rules). A finding prints as "file:line:col: message (linter)".
//
// A finding is dropped when an exclusion in checks.go matches it (each says why), when it is in
// a generated file, or when a //nolint directive names its linter (or none, or all) on its line:
// a directive alone on a line covers the declaration or statement that starts on the next line.
package main

import "golang.org/x/tools/go/analysis/unitchecker"

func main() {
	unitchecker.Main(analyzers()...)
}
