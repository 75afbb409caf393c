// Package buildlist keeps what is tested equal to what ships: for each module of a Go
// workspace it compares the versions of the modules its packages are built from in the
// workspace (go.work: make go/test, go/vuln, make dev, e2e) with the versions in the module's
// own build (GOWORK=off: the Dockerfiles and the Lambda zip), and aligns them.
//
// # What is compared
//
// The build list of a module is the set of modules, with their versions, that provide a
// package to `go list -deps -test ./...` in the module's directory: every package its code
// and its tests are compiled from. Workspace modules themselves (main modules) and the
// standard library are left out. This is narrower than `go list -m all`, on purpose: `go list
// -m all` also lists modules that only appear in the requirement graph and provide no
// package, whose versions no tidy go.mod can pin (go mod tidy drops a requirement that no
// package needs), and which are compiled into nothing.
//
// # Aligning
//
// In workspace mode the go command selects, for every module, the highest version any
// workspace module requires, so the workspace version is never lower than a module's own.
// [Runner.Align] raises each module's own requirement to the workspace version with `go get`
// (GOWORK=off) and tidies the module, round after round, until [Runner.Check] finds no
// difference.
//
// # Errors
//
// [Runner.Check] returns the differences it found (not an error) and an error only when a
// build list cannot be loaded: a [*LoadError] names the module and the mode and carries the go
// command's output (a module whose own go.sum is not tidy, say; [Runner.Align] tidies it).
// [Runner.Align] returns a [*NotAlignedError] when differences remain after its rounds.
package buildlist
