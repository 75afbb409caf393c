package envnames_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/envnames"
)

func TestAll(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	// Abbreviations that would make a second spelling of a setting (DB_MAX_CONNS next to
	// DATABASE_MAX_CONNS): the list spells words out.
	abbreviations := regexp.MustCompile(`(^|_)(DB|CONN|CFG|TBL|Q|MSG)(_|$)`)
	for _, v := range envnames.All {
		require.Regexp(t, `^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$`, v.Name)
		assert.False(t, seen[v.Name], "%s is listed twice", v.Name)
		seen[v.Name] = true
		assert.NotEmpty(t, strings.TrimSpace(v.Doc), v.Name)
		assert.NotRegexp(t, abbreviations, v.Name, "spell the words out")
	}
	got, ok := envnames.Lookup("DATABASE_MAX_CONNS")
	require.True(t, ok)
	require.Equal(t, "DATABASE_MAX_CONNS", got.Name)
	_, ok = envnames.Lookup("DB_MAX_CONNS")
	require.False(t, ok)
}
