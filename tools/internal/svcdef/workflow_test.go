package svcdef_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

func TestGenerateDeployWorkflow(t *testing.T) {
	services := []svcdef.Service{{Name: "api"}, {Name: "mail"}}
	in := "on:\n  workflow_dispatch:\n    inputs:\n      service:\n        type: choice\n        " + svcdef.GeneratedMarker +
		"\n        options: [old]\n      environment:\n        options: [stg, prd]\n"
	got, err := svcdef.GenerateDeployWorkflow([]byte(in), services)
	require.NoError(t, err)
	require.Equal(t, "on:\n  workflow_dispatch:\n    inputs:\n      service:\n        type: choice\n        "+svcdef.GeneratedMarker+
		"\n        options: [api, mail]\n      environment:\n        options: [stg, prd]\n", string(got))

	_, err = svcdef.GenerateDeployWorkflow([]byte("on: push\n"), services)
	require.ErrorContains(t, err, "no line says")
}

// TestGenerateDeployWorkflow_Committed fails when the committed deploy workflow's choice of
// services differs from the definitions: run make svc/generate.
func TestGenerateDeployWorkflow_Committed(t *testing.T) {
	root := repoRoot(t)
	services, err := svcdef.Load(root)
	require.NoError(t, err)
	committed, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(svcdef.DeployWorkflowFile)))
	require.NoError(t, err)
	want, err := svcdef.GenerateDeployWorkflow(committed, services)
	require.NoError(t, err)
	require.Equal(t, string(want), string(committed), "%s is out of date: run make svc/generate", svcdef.DeployWorkflowFile)
}
