package envcheck_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/envnames"
	"github.com/tsumiki-dev/tsumiki/tools/internal/envcheck"
)

func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, dir, parent, "no go.work above the test")
		dir = parent
	}
}

// suggest names the listed variable that shares the most trailing words with name: the
// spelling the other services use.
func suggest(name string) string {
	words := strings.Split(name, "_")
	best, bestScore := "", 0
	for _, v := range envnames.All {
		other := strings.Split(v.Name, "_")
		score := 0
		for i := 1; i <= len(words) && i <= len(other) && words[len(words)-i] == other[len(other)-i]; i++ {
			score++
		}
		if score > bestScore {
			best, bestScore = v.Name, score
		}
	}
	if best == "" {
		return "add it to libs/kit/envnames"
	}
	return "is it " + best + "? otherwise add it to libs/kit/envnames"
}

// TestServices_ReadListedNames fails when a service reads a variable that is not in
// libs/kit/envnames: a new setting, or a second spelling of one another service reads.
func TestServices_ReadListedNames(t *testing.T) {
	t.Parallel()
	reads, err := envcheck.ServiceReads(repoRoot(t))
	require.NoError(t, err)
	require.Contains(t, reads, "todo-api")
	require.NotEmpty(t, reads["todo-api"], "the scan finds todo-api's reads")
	read := map[string]bool{}
	for service, rs := range reads {
		for _, r := range rs {
			read[r.Name] = true
			_, ok := envnames.Lookup(r.Name)
			assert.True(t, ok, "%s reads %s at %s, which libs/kit/envnames does not list; %s", service, r.Name, r.Pos, suggest(r.Name))
		}
	}
	for _, v := range envnames.All {
		if !v.Indirect {
			assert.True(t, read[v.Name], "libs/kit/envnames lists %s, which no service reads; remove it or mark it Indirect", v.Name)
		}
	}
}

// TestStacks_SetNamesTheirServiceReads fails when a terraform stack gives its service a
// variable the service does not read (a typo, or a setting renamed in the code only).
func TestStacks_SetNamesTheirServiceReads(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	reads, err := envcheck.ServiceReads(root)
	require.NoError(t, err)
	sets, err := envcheck.StackSets(root)
	require.NoError(t, err)
	require.NotEmpty(t, sets["todo-api"], "the scan finds todo-api's environment_variables")
	var stacks []string
	for stack, names := range sets {
		if len(names) == 0 {
			continue
		}
		stacks = append(stacks, stack)
		rs, ok := reads[stack]
		if !assert.True(t, ok, "stack %s sets environment variables but there is no services/%s to read them", stack, stack) {
			continue
		}
		read := map[string]bool{}
		for _, r := range rs {
			read[r.Name] = true
		}
		for _, name := range names {
			assert.True(t, read[name], "terraform/stacks/%s sets %s, which services/%s does not read", stack, name, stack)
		}
	}
	sort.Strings(stacks)
	t.Logf("checked the environment of stacks %v", stacks)
}
