package deploy_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// apiPrefixes maps each client interface of steps.go to the IAM service prefix of its calls.
var apiPrefixes = map[string]string{
	"ECSAPI":    "ecs",
	"ECRAPI":    "ecr",
	"LambdaAPI": "lambda",
	"S3API":     "s3",
	"STSAPI":    "sts",
}

// callActions names the IAM action a call needs where it is not "<prefix>:<Method>"; an
// empty list means the call needs none. Sources: the Service Authorization Reference
// (HeadObject is authorised by s3:GetObject) and the STS API reference
// (GetCallerIdentity: "No permissions are required").
var callActions = map[string][]string{
	"s3:HeadObject":         {"s3:GetObject"},
	"sts:GetCallerIdentity": {},
}

// deployCalls lists the IAM actions the deploy's AWS calls need: every method of the client
// interfaces in steps.go, so a call added there without its permission fails this test.
func deployCalls(t *testing.T) map[string]string {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), "steps.go", nil, 0)
	require.NoError(t, err)
	need := map[string]string{}
	seen := map[string]bool{}
	ast.Inspect(file, func(n ast.Node) bool {
		spec, ok := n.(*ast.TypeSpec)
		if !ok {
			return true
		}
		prefix, ok := apiPrefixes[spec.Name.Name]
		if !ok {
			return true
		}
		iface, ok := spec.Type.(*ast.InterfaceType)
		require.Truef(t, ok, "%s is not an interface", spec.Name.Name)
		seen[spec.Name.Name] = true
		for _, m := range iface.Methods.List {
			for _, name := range m.Names {
				call := prefix + ":" + name.Name
				actions, mapped := callActions[call]
				if !mapped {
					actions = []string{call}
				}
				for _, a := range actions {
					need[a] = spec.Name.Name + "." + name.Name
				}
			}
		}
		return true
	})
	for name := range apiPrefixes {
		require.Truef(t, seen[name], "steps.go has no interface %s; update apiPrefixes", name)
	}
	return need
}

// deployRoleActions returns the actions the deploy role's policy document grants
// (modules/github-oidc-role, data "aws_iam_policy_document" "deploy").
func deployRoleActions(t *testing.T) map[string]bool {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "modules", "github-oidc-role", "main.tf"))
	require.NoError(t, err)
	text := string(src)
	start := strings.Index(text, `data "aws_iam_policy_document" "deploy" {`)
	require.GreaterOrEqual(t, start, 0, "modules/github-oidc-role/main.tf has no deploy policy document")
	end := strings.Index(text[start:], "\n}\n")
	require.Greater(t, end, 0, "the deploy policy document does not end with a closing brace line")
	block := text[start : start+end]
	granted := map[string]bool{}
	for _, m := range regexp.MustCompile(`"([a-z0-9-]+:[A-Za-z*]+)"`).FindAllStringSubmatch(block, -1) {
		granted[m[1]] = true
	}
	return granted
}

// TestDeployRoleGrantsEveryCall checks that CI's deploy role may make every AWS call make
// deploy and make rollback make: a call the role lacks fails in the pipeline, not before.
func TestDeployRoleGrantsEveryCall(t *testing.T) {
	need := deployCalls(t)
	granted := deployRoleActions(t)
	require.NotEmpty(t, need)
	var missing []string
	for action, call := range need {
		if !granted[action] {
			missing = append(missing, action+" (for "+call+")")
		}
	}
	sort.Strings(missing)
	require.Empty(t, missing, "modules/github-oidc-role's deploy policy lacks actions tools/deploy calls")
}
