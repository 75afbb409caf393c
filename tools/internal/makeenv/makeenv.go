// Package makeenv is the environment for running make (or a script that runs make) from a
// process that a make may have started: the tools' tests under `make go/test`, checks under
// `make ci/...`, the scaffold's verification. A surrounding make passes its flags and its
// command-line variables to every make below it through the environment, so a child make
// would otherwise inherit -s, -j, SHORT=1 or ENV=stg it was never given.
package makeenv

import (
	"os"
	"slices"
	"strings"
)

// Flags are the variables through which make passes its flags and depth to a child make.
var Flags = []string{"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}

// Environ returns the process's environment (KEY=value) without Flags and without the
// variables named in drop (exact names), in the process's order.
func Environ(drop ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if slices.Contains(Flags, name) || slices.Contains(drop, name) {
			continue
		}
		env = append(env, kv)
	}
	return env
}
