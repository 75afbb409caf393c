// Package detached has its comment separated from the clause by a blank line.
// want `package comment is detached; there should be no blank lines between it and the package statement`

package detached
