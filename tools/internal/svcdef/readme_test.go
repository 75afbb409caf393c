package svcdef_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

func TestGenerateReadme(t *testing.T) {
	services := []svcdef.Service{
		{Name: "api", Kind: svcdef.KindHTTP, Description: "The\n  API."},
		{Name: "mail", Kind: svcdef.KindLambda, Description: "Mail."},
	}
	in := "# x\n<!-- svcdef:services -->\nold table\n<!-- /svcdef:services -->\ntext\n<!-- svcdef:design-docs -->\n<!-- /svcdef:design-docs -->\n"
	got, err := svcdef.GenerateReadme([]byte(in), services)
	require.NoError(t, err)
	require.Equal(t, "# x\n<!-- svcdef:services -->\n| service | kind | what it is |\n|---|---|---|\n"+
		"| [services/api](services/api) | HTTP service on ECS behind the load balancer | The API. |\n"+
		"| [services/mail](services/mail) | Lambda fed by SQS | Mail. |\n<!-- /svcdef:services -->\ntext\n"+
		"<!-- svcdef:design-docs -->\n- [api](design-docs/api.md)\n- [mail](design-docs/mail.md)\n<!-- /svcdef:design-docs -->\n", string(got))

	_, err = svcdef.GenerateReadme([]byte("<!-- svcdef:jobs -->\n<!-- /svcdef:jobs -->\n"), services)
	require.ErrorContains(t, err, `README.md:1: unknown generated block "jobs"`)
	_, err = svcdef.GenerateReadme([]byte("a\n<!-- svcdef:services -->\n"), services)
	require.ErrorContains(t, err, `README.md:2: generated block "services" has no <!-- /svcdef:services --> line`)
}

// TestGenerateReadme_Committed fails when the README's generated blocks differ from the
// definitions: run make svc/generate.
func TestGenerateReadme_Committed(t *testing.T) {
	root := repoRoot(t)
	services, err := svcdef.Load(root)
	require.NoError(t, err)
	committed, err := os.ReadFile(filepath.Join(root, svcdef.ReadmeFile))
	require.NoError(t, err)
	require.Contains(t, string(committed), "<!-- svcdef:services -->")
	want, err := svcdef.GenerateReadme(committed, services)
	require.NoError(t, err)
	require.Equal(t, string(want), string(committed), "%s is out of date: run make svc/generate", svcdef.ReadmeFile)
}
