// Package errs is a fixture: unchecked errors errcheck reports, and the ones the
// std-error-handling exclusion accepts.
package errs

import (
	"fmt"
	"io"
	"os"
)

func fail() error { return nil }

// Unchecked calls fail without looking at the error.
func Unchecked(r io.ReadCloser) {
	fail()                           // want "Error return value is not checked \\(errcheck\\)"
	os.Remove("x")                   // accepted: os.Remove
	defer r.Close()                  // accepted: .*Close
	fmt.Fprintln(r.(io.Writer), "x") // accepted: .*print(f|ln)?
	os.Chdir("/")                    // want "Error return value of `os.Chdir` is not checked \\(errcheck\\)"
}
