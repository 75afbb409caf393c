// Package unusedpkg is a fixture for unused.
package unusedpkg

func unusedHelper() {} // want "func unusedHelper is unused \\(unused\\)"

// Used is exported, so it counts as used.
func Used() {}
