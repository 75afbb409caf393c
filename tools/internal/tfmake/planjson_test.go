package tfmake_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPlan_WritesThePlanJSON: make tf/plan leaves the JSON of its saved plan next to it, for
// the policy checker and the rehearsal (make tf/rehearse) to read.
func TestPlan_WritesThePlanJSON(t *testing.T) {
	t.Parallel()
	f := newFixture(t)

	out, calls, code := f.make(t, "", nil, "tf/plan", "ENV=stg", "STACK=network")

	require.Equal(t, 0, code, out)
	require.Equal(t, "terraform -chdir=ROOT/terraform/stg/network show -json ROOT/.local/tf/stg-network.tfplan", calls[len(calls)-1])
	b, err := os.ReadFile(filepath.Join(f.repo.Dir, ".local", "tf", "stg-network.tfplan.json"))
	require.NoError(t, err)
	require.JSONEq(t, `{"format_version":"1.2"}`, string(b))
	require.Contains(t, out, "its JSON to ")
}
