// This package is documented, but not in the standard form. // want `package comment should be of the form "Package wrongform ..."`
package wrongform
