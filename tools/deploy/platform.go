package deploy

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// TaskDefinitionModule is the terraform file that declares every ECS service's task
// definition; its runtime_platform block is the one place the image's platform is decided.
const TaskDefinitionModule = "modules/ecs-service/main.tf"

// architectures maps ECS's cpu_architecture values to the platform's architecture part
// (docker build --platform, GOARCH). Source: the ECS API reference, RuntimePlatform
// (cpuArchitecture: X86_64 | ARM64).
var architectures = map[string]string{"ARM64": "arm64", "X86_64": "amd64"}

// Platform returns the docker platform ("linux/arm64") the ECS task definition runs on, read
// from the runtime_platform block of the aws_ecs_task_definition in TaskDefinitionModule
// under root: the image is built for exactly what the task definition asks for, and nothing
// here repeats it.
func Platform(root string) (string, error) {
	path := filepath.Join(root, filepath.FromSlash(TaskDefinitionModule))
	src, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read the task definition's module: %w", err)
	}
	file, diags := hclsyntax.ParseConfig(src, TaskDefinitionModule, hcl.InitialPos)
	if diags.HasErrors() {
		return "", fmt.Errorf("parse %s: %w", TaskDefinitionModule, diags)
	}
	var found []string
	for _, block := range file.Body.(*hclsyntax.Body).Blocks {
		if block.Type != "resource" || len(block.Labels) != 2 || block.Labels[0] != "aws_ecs_task_definition" {
			continue
		}
		for _, inner := range block.Body.Blocks {
			if inner.Type != "runtime_platform" {
				continue
			}
			family, err := literal(inner.Body, "operating_system_family")
			if err != nil {
				return "", err
			}
			arch, err := literal(inner.Body, "cpu_architecture")
			if err != nil {
				return "", err
			}
			goarch, ok := architectures[arch]
			if !ok {
				return "", fmt.Errorf("%s: cpu_architecture %q is none of ARM64, X86_64", TaskDefinitionModule, arch)
			}
			if family != "LINUX" {
				return "", fmt.Errorf("%s: operating_system_family %q: the images are linux images", TaskDefinitionModule, family)
			}
			found = append(found, "linux/"+goarch)
		}
	}
	if len(found) != 1 {
		return "", fmt.Errorf("%s: want one aws_ecs_task_definition with a runtime_platform block, found %d", TaskDefinitionModule, len(found))
	}
	return found[0], nil
}

// literal returns the string literal of attribute name in body; anything computed is an
// error, because the deploy cannot evaluate terraform expressions.
func literal(body *hclsyntax.Body, name string) (string, error) {
	attr, ok := body.Attributes[name]
	if !ok {
		return "", fmt.Errorf("%s: runtime_platform has no %s", TaskDefinitionModule, name)
	}
	v, diags := attr.Expr.Value(nil)
	if diags.HasErrors() || v.Type() != cty.String {
		return "", fmt.Errorf("%s: runtime_platform.%s must be a string literal", TaskDefinitionModule, name)
	}
	return strings.ToUpper(v.AsString()), nil
}
