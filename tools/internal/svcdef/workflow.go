package svcdef

import (
	"bytes"
	"fmt"
	"strings"
)

// DeployWorkflowFile is the deploy workflow whose service choice GenerateDeployWorkflow
// writes, relative to the repository root.
const DeployWorkflowFile = ".github/workflows/deploy.yml"

// GeneratedMarker is the comment that marks the generated line of a workflow: the line after
// it is the choice of services, rewritten from the definitions by `make svc/generate`. (A
// workflow_dispatch choice cannot be computed when the workflow runs.)
const GeneratedMarker = "# Generated from services/*/service.yaml by make svc/generate; do not edit the next line."

// GenerateDeployWorkflow returns workflow with the line after each GeneratedMarker set to
// `options: [<every service>]`, keeping its indentation. It fails when workflow has no marker.
func GenerateDeployWorkflow(workflow []byte, services []Service) ([]byte, error) {
	lines := bytes.SplitAfter(workflow, []byte("\n"))
	found := false
	for i := 0; i+1 < len(lines); i++ {
		if strings.TrimSpace(string(lines[i])) != GeneratedMarker {
			continue
		}
		found = true
		next := string(lines[i+1])
		indent := next[:len(next)-len(strings.TrimLeft(next, " "))]
		lines[i+1] = fmt.Appendf(nil, "%soptions: [%s]\n", indent, strings.Join(Names(services), ", "))
	}
	if !found {
		return nil, fmt.Errorf("%s: no line says %q", DeployWorkflowFile, GeneratedMarker)
	}
	return bytes.Join(lines, nil), nil
}
