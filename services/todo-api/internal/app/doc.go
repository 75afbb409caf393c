// Package app holds todo-api's use cases: creating, reading, listing, updating and deleting
// todos on behalf of an authenticated owner, and authenticating and minting API tokens. It
// speaks to storage through the small interfaces declared here, which the postgres package
// implements and unit tests fake.
package app
