package makeenv_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/makeenv"
)

func TestEnviron(t *testing.T) {
	t.Setenv("MAKEFLAGS", "s -j2 -- SHORT=1")
	t.Setenv("MFLAGS", "-s")
	t.Setenv("MAKELEVEL", "1")
	t.Setenv("ENV", "stg")
	t.Setenv("MAKEFLAGS_NOT", "kept")
	t.Setenv("KEEP_ME", "a=b")

	env := makeenv.Environ("ENV")

	require.Contains(t, env, "KEEP_ME=a=b")
	require.Contains(t, env, "MAKEFLAGS_NOT=kept", "only exact names are dropped")
	for _, kv := range env {
		for _, name := range []string{"MAKEFLAGS=", "MFLAGS=", "MAKELEVEL=", "ENV="} {
			require.False(t, strings.HasPrefix(kv, name), "%s is dropped: %s", name, kv)
		}
	}
}
