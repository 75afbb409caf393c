package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/affected"
	"github.com/tsumiki-dev/tsumiki/tools/internal/scratchgit"
)

func TestRun(t *testing.T) {
	r := scratchgit.New(t)
	r.Write(map[string]string{
		"go.work":                         "go 1.26\n\nuse ./svc\n",
		"svc/go.mod":                      "module example.com/svc\n\ngo 1.26\n",
		"terraform/stg/app/main.tf":       "resource \"aws_sqs_queue\" \"this\" {}\n",
		"terraform/stg/network/main.tf":   "resource \"aws_vpc\" \"this\" {}\n",
		"terraform/stg/app/remote.tf":     "data \"terraform_remote_state\" \"network\" {\n  backend = \"s3\"\n}\n",
		"README.md":                       "# x\n",
		"terraform/stg/network/README.md": "# network\n",
	})
	r.Commit("base")
	r.Git("checkout", "-q", "-b", "feature")
	r.Write(map[string]string{"terraform/stg/app/main.tf": "resource \"aws_sqs_queue\" \"this\" {\n}\n"})
	t.Chdir(r.Dir)

	run1 := func(args ...string) (string, error) {
		var out, errOut strings.Builder
		err := run(context.Background(), args, func(string) string { return "" }, &out, &errOut)
		return out.String() + errOut.String(), err
	}

	out, err := run1("-format", "json")
	require.NoError(t, err, out)
	var got affected.Result
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.Equal(t, []string{"terraform/stg/app"}, got.TerraformStacks)
	require.Equal(t, []string{}, got.GoModules)

	out, err = run1("-all", "-format", "json")
	require.NoError(t, err, out)
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.True(t, got.Everything)
	require.Equal(t, []string{"svc"}, got.GoModules)
	require.Equal(t, []affected.Target{
		{Env: "stg", Stack: "network", Dir: "terraform/stg/network"},
		{Env: "stg", Stack: "app", Dir: "terraform/stg/app"},
	}, got.TerraformTargets, "app reads network's remote state, so network comes first")

	out, err = run1()
	require.NoError(t, err, out)
	require.Contains(t, out, "terraform stacks:  terraform/stg/app\n")

	out, err = run1("-steps", "go/test tf/lint")
	require.NoError(t, err, out)
	require.Equal(t, "go/test\tskip\tno Go module affected\ntf/lint\trun\n", out)

	out, err = run1("-steps", "go/test tf/lint", "-format", "text")
	require.NoError(t, err, out)
	require.Contains(t, out, "make test steps:\n  go/test            skip  no Go module affected\n  tf/lint            run\n")

	_, err = run1("-format", "yaml")
	require.ErrorContains(t, err, `unknown -format "yaml"; one of: text, json, steps`)

	_, err = run1("-format", "steps")
	require.ErrorContains(t, err, `-format steps needs -steps`)
}
