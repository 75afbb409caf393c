// Command mainpkg is a main package: its package comment has no required form, and its exported
// identifiers are not checked.
package main

func Exported() {}

func main() {}
