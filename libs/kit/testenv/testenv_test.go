package testenv

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseFile(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    map[string]string
		wantErr string
	}{
		{name: "Plain", content: "A=1\n# comment\n\nB=x=y\n", want: map[string]string{"A": "1", "B": "x=y"}},
		{name: "EmptyValue", content: "A=\n", want: map[string]string{"A": ""}},
		{name: "NoEquals", content: "A=1\nnonsense\n", wantErr: ":2: want KEY=value"},
		{name: "EmptyKey", content: "=1\n", wantErr: ":1: want KEY=value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "env")
			require.NoError(t, os.WriteFile(path, []byte(tt.content), 0o600))
			got, err := ParseFile(path)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestLookup_EnvironmentWins(t *testing.T) {
	t.Setenv("TSUMIKI_TESTENV_PROBE", "from-env")
	require.Equal(t, "from-env", Lookup("TSUMIKI_TESTENV_PROBE"))
}
