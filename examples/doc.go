// Package examples is the root of the samples module: small, runnable Go samples the team
// points newcomers to. Each sample is a package with Example tests whose output `go test`
// checks, so a sample that stops working fails make test. See README.md for the list.
package examples
