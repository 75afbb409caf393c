// Package makehelp holds the tests of `make help` and `make help/lint` (mk/help.mk and
// mk/help.awk). They run the real repository's help, piped and on a pseudo-terminal, and run
// help/lint over scratch trees of mk files, one fixture per rule, each of which must fail with
// the problem it plants.
package makehelp
