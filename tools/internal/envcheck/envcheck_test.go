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
	"github.com/tsumiki-dev/tsumiki/tools/internal/scratchdir"
	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
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

// TestServices_ReadConfigInOnePlace: a service reads its settings in internal/config (and
// todo-batch's jobs in their specs, internal/jobs/<job>) or through a library, never in its
// commands, so a newcomer finds every setting of every service in the same place.
func TestServices_ReadConfigInOnePlace(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	reads, err := envcheck.ServiceReads(root)
	require.NoError(t, err)
	for service, rs := range reads {
		if len(rs) == 0 {
			continue
		}
		_, err := os.Stat(filepath.Join(root, "services", service, "internal", "config"))
		require.NoError(t, err, "services/%s keeps its configuration in internal/config", service)
		for _, r := range rs {
			assert.False(t, strings.HasPrefix(r.Pos, "services/"+service+"/cmd/"),
				"%s reads %s at %s; read it in services/%s/internal/config", service, r.Name, r.Pos, service)
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
	services, err := svcdef.Load(root)
	require.NoError(t, err)
	serviceOf := map[string]string{}
	for _, s := range services {
		serviceOf[s.Stack] = s.Name
	}
	var stacks []string
	for stack, names := range sets {
		if len(names) == 0 {
			continue
		}
		stacks = append(stacks, stack)
		service, ok := serviceOf[stack]
		if !assert.True(t, ok, "stack %s sets environment variables but no service.yaml names it as its stack", stack) {
			continue
		}
		rs := reads[service]
		read := map[string]bool{}
		for _, r := range rs {
			read[r.Name] = true
		}
		for _, name := range names {
			assert.True(t, read[name], "terraform/stacks/%s sets %s, which services/%s does not read", stack, name, service)
		}
	}
	sort.Strings(stacks)
	t.Logf("checked the environment of stacks %v", stacks)
}

func TestServiceReads_Fixture(t *testing.T) {
	t.Parallel()
	root := scratchdir.New(t, map[string]string{
		"services/demo/service.yaml": `name: demo
kind: worker
description: A demo.
owners: ["@tsumiki-dev/todo"]
stack: demo
command: demo
local:
  args: [work]
migrations: ""
reads: []
`,
		"services/demo/cmd/demo/main.go": `package main

import (
	"os"

	"github.com/tsumiki-dev/tsumiki/services/demo/internal/config"
	kit "github.com/tsumiki-dev/tsumiki/libs/kit/logging"
)

const envOwn = "DEMO_OWN"

func main() {
	_ = os.Getenv("DEMO_LITERAL")
	_ = os.Getenv(envOwn)
	_ = os.Getenv(config.EnvShared)
	_ = kit.X
	_ = os.Getenv("not a name")
}
`,
		"services/demo/internal/config/config.go": `package config

// EnvShared is read by main.
const EnvShared = "DEMO_SHARED"

func read(r interface{ Int(string, int, int, int) int }) { r.Int("DEMO_INT", 1, 0, 2) }
`,
		"services/demo/internal/unused/unused.go": `package unused

import "os"

var _ = os.Getenv("NOT_IMPORTED")
`,
		"services/demo/cmd/demo/main_test.go": `package main

import "os"

var _ = os.Getenv("ONLY_IN_TESTS")
`,
		"libs/kit/logging/logging.go": `package logging

import "os"

// X is read.
var X = os.Getenv("LOG_LEVEL")
`,
		"terraform/stacks/demo/main.tf": `module "service" {
  source = "../../../modules/ecs-service"

  environment_variables = {
    DEMO_OWN = "x"
    "QUOTED_KEY" = "y"
  }
}
`,
	})
	reads, err := envcheck.ServiceReads(root)
	require.NoError(t, err)
	var names []string
	for _, r := range reads["demo"] {
		names = append(names, r.Name)
	}
	// DEMO_INT is read in config, which main imports; unused and tests are not scanned.
	require.Equal(t, []string{"DEMO_INT", "DEMO_LITERAL", "DEMO_OWN", "DEMO_SHARED", "LOG_LEVEL"}, names)
	require.Equal(t, "services/demo/cmd/demo/main.go:13", reads["demo"][1].Pos)

	sets, err := envcheck.StackSets(root)
	require.NoError(t, err)
	require.Equal(t, []string{"DEMO_OWN", "QUOTED_KEY"}, sets["demo"])
}
