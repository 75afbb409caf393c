package prbody_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/prbody"
)

const template = `## Summary (概要)

<!-- What changes and why. Link the issue. -->

## How it was verified (動作確認)

<!-- Commands you ran and what they printed. -->
- [ ]
`

func TestCheck(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		wantErr []string
	}{
		{
			name: "Filled",
			body: "## Summary (概要)\n<!-- hint -->\nAdds the rename guard.\n\n## How it was verified (動作確認)\n- `make test`: 12 passed\n",
		},
		{
			name: "JapaneseHeadingsOnly",
			body: "## 概要\nガードを追加\n## 動作確認\nmake test で確認\n",
		},
		{
			name: "SubsectionsBelongToTheirSection",
			body: "# Summary\nDone.\n# How it was verified\n## Unit\nmake go/test\n",
		},
		{
			name: "WindowsLineEndings",
			body: "## Summary\r\nDone.\r\n## How it was verified\r\nmake test\r\n",
		},
		{
			name:    "UntouchedTemplate",
			body:    template,
			wantErr: []string{`section "Summary" is empty or a placeholder`, `section "How it was verified" is empty or a placeholder`},
		},
		{
			name:    "EmptyBody",
			body:    "",
			wantErr: []string{`section "Summary" is missing`, `section "How it was verified" is missing`},
		},
		{
			name:    "Placeholder",
			body:    "## Summary\nFix things.\n## How it was verified\nTODO\n",
			wantErr: []string{`section "How it was verified" is empty or a placeholder`},
		},
		{
			name:    "TextOnlyInsideComment",
			body:    "## Summary\n<!-- Fix things.\nmore -->\n## How it was verified\nran it\n",
			wantErr: []string{`section "Summary" is empty or a placeholder`},
		},
		{
			name:    "HeadingInsideCodeFenceDoesNotCount",
			body:    "## Summary\nDone.\n```\n## How it was verified\nran\n```\n",
			wantErr: []string{`section "How it was verified" is missing`},
		},
		{
			name:    "NextSectionTextDoesNotFillAnEmptyOne",
			body:    "## Summary\n\n## How it was verified\nmake test\n",
			wantErr: []string{`section "Summary" is empty`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := prbody.Check(tt.body)
			if len(tt.wantErr) == 0 {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, w := range tt.wantErr {
				require.ErrorContains(t, err, w)
			}
		})
	}
}

// TestCheck_RepositoryTemplate keeps the check and .github/pull_request_template.md in step:
// the untouched template must fail on both sections, and filling them in must pass.
func TestCheck_RepositoryTemplate(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "..", ".github", "pull_request_template.md"))
	require.NoError(t, err)
	tmpl := string(raw)

	err = prbody.Check(tmpl)
	require.ErrorContains(t, err, `section "Summary" is empty or a placeholder`)
	require.ErrorContains(t, err, `section "How it was verified" is empty or a placeholder`)

	filled := strings.Replace(tmpl, "## How it was verified", "Adds the destroy guard.\n\n## How it was verified", 1) +
		"\n- `make test`: 18 passed, 0 failed\n"
	require.NoError(t, prbody.Check(filled))
}
