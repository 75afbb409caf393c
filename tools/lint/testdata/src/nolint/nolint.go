// Package nolint is a fixture: findings under //nolint directives.
package nolint

func fail() error { return nil }

// Lines has one directive per case.
func Lines() {
	fail() //nolint:errcheck // named linter: dropped
	fail() //nolint // no list: every linter, dropped
	fail() //nolint:all // all: dropped
	fail() //nolint:staticcheck // want "Error return value is not checked"
	fail() // want "Error return value is not checked"
}

// Block is covered by the directive on the line above it.
//
//nolint:errcheck // the whole function
func Block() {
	fail()
	fail()
}
