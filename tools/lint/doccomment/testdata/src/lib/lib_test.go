package lib

// Test files are not checked.
func ExportedInTest() {}
