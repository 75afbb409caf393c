package svcdef_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

func TestCheckCodeowners_Repository(t *testing.T) {
	services, err := svcdef.Load(repoRoot(t))
	require.NoError(t, err)
	require.NoError(t, svcdef.CheckCodeowners(repoRoot(t), services))
}

func TestCheckCodeowners(t *testing.T) {
	services := []svcdef.Service{
		{Name: "api", Owners: []string{"@o/api"}},
		{Name: "jobs", Owners: []string{"@o/jobs", "@o/sre"}},
	}
	tests := []struct {
		name       string
		codeowners string
		wantErr    []string
	}{
		{
			name: "Owned",
			codeowners: "# comment\n*  @o/platform\n/services/api/  @o/api\n/design-docs/api.md @o/api # inline\n" +
				"/services/jobs/ @o/jobs @o/sre\n/design-docs/jobs.md @o/sre @o/jobs\n/design-docs/TEMPLATE.md @o/platform\n",
		},
		{
			name:       "GlobsCount",
			codeowners: "* @o/platform\nservices/** @o/api @o/jobs @o/sre\n*.md @o/api @o/jobs @o/sre\n",
		},
		{
			name:       "Missing",
			codeowners: "* @o/platform\n/services/api/ @o/api\n",
			wantErr: []string{
				"the design doc of api must be owned by @o/api",
				"line 1 (*) gives it to @o/platform",
				"add `/design-docs/api.md @o/api`",
				"the folder of jobs must be owned by @o/jobs @o/sre",
			},
		},
		{
			name:       "LaterRuleWins",
			codeowners: "/services/api/ @o/api\n/design-docs/api.md @o/api\n/services/jobs/ @o/jobs @o/sre\n/design-docs/jobs.md @o/jobs @o/sre\n/services/ @o/platform\n",
			wantErr:    []string{"the folder of api must be owned by @o/api", "line 5 (/services/) gives it to @o/platform"},
		},
		{
			name: "StaleRule",
			codeowners: "/services/api/ @o/api\n/design-docs/api.md @o/api\n/services/jobs/ @o/jobs @o/sre\n/design-docs/jobs.md @o/jobs @o/sre\n" +
				"/services/gone/ @o/api\n/design-docs/gone.md @o/api\n",
			wantErr: []string{`.github/CODEOWNERS:5: /services/gone/: no service "gone"`, `.github/CODEOWNERS:6: /design-docs/gone.md: no service "gone"`},
		},
		{
			name:       "NoFile",
			codeowners: "",
			wantErr:    []string{"read code owners"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"README.md": ""}
			if tt.codeowners != "" {
				files[".github/CODEOWNERS"] = tt.codeowners
			}
			err := svcdef.CheckCodeowners(writeTree(t, files), services)
			if len(tt.wantErr) == 0 {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, want := range tt.wantErr {
				require.Contains(t, err.Error(), want)
			}
		})
	}
}

func TestGenerateCodeowners(t *testing.T) {
	services := []svcdef.Service{
		{Name: "api", Owners: []string{"@o/api"}},
		{Name: "new", Owners: []string{"@o/new", "@o/sre"}},
	}
	in := "# head\n* @o/platform\n\n# services\n/services/api/ @o/api\n/services/gone/ @o/x\n/design-docs/api.md @o/api\n" +
		"/design-docs/gone.md @o/x\n/design-docs/TEMPLATE.md @o/platform\n\n# tools\n/tools/ @o/platform\n"
	got, err := svcdef.GenerateCodeowners([]byte(in), services)
	require.NoError(t, err)
	require.Equal(t, "# head\n* @o/platform\n\n# services\n/services/api/ @o/api\n/design-docs/api.md @o/api\n"+
		"/services/new/              @o/new @o/sre\n/design-docs/new.md         @o/new @o/sre\n"+
		"/design-docs/TEMPLATE.md @o/platform\n\n# tools\n/tools/ @o/platform\n", string(got))

	root := writeTree(t, map[string]string{".github/CODEOWNERS": string(got)})
	require.NoError(t, svcdef.CheckCodeowners(root, services), "what it generates passes the check")

	again, err := svcdef.GenerateCodeowners(got, services)
	require.NoError(t, err)
	require.Equal(t, string(got), string(again), "a second run changes nothing")

	got, err = svcdef.GenerateCodeowners([]byte("* @o/platform"), services[:1])
	require.NoError(t, err)
	require.Equal(t, "* @o/platform\n/services/api/              @o/api\n/design-docs/api.md         @o/api\n", string(got))
}
