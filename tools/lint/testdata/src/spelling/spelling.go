// Package spelling is a fixture for misspell.
package spelling

// Receive is spelled right; this comment does not recieve a finding. // want "rec.eve. is a misspelling of .receive. \\(misspell\\)"
func Receive() {}
