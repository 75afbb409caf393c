package nodoc // want `should have a package comment`

// Fine is documented.
func Fine() {}
