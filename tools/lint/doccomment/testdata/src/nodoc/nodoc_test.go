// Package nodoc: a comment in a test file does not document the package.
package nodoc
