// Package ineff is a fixture for ineffassign.
package ineff

// Ineffective assigns a value nothing reads.
func Ineffective() int {
	x := 1 // want "ineffectual assignment to x \\(ineffassign\\)"
	x = 2
	return x
}
