package vulncheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

// These tests keep mk/artifact.sh the one build command of the shipped binaries: go/vuln
// checks what it builds, so a Dockerfile, Makefile or deploy script that builds a shipped
// binary another way (other flags, the workspace's build list) would ship something unchecked.

// repoRoot is the repository root, three levels above this package.
var repoRoot = filepath.Join("..", "..", "..")

// artifact is one line of `mk/artifact.sh list`.
type artifact struct{ name, kind, binary string }

// listArtifacts runs `mk/artifact.sh list` and returns its artifacts by kind.
func listArtifacts(t *testing.T) map[string][]artifact {
	t.Helper()
	out, err := exec.Command("bash", filepath.Join(repoRoot, "mk", "artifact.sh"), "list").Output()
	require.NoError(t, err)
	byKind := map[string][]artifact{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		require.Len(t, f, 3, "artifact.sh list line %q is not NAME KIND BINARY", line)
		byKind[f[1]] = append(byKind[f[1]], artifact{name: f[0], kind: f[1], binary: f[2]})
	}
	return byKind
}

// instructions returns a Dockerfile's instructions, continuation lines joined and comments
// dropped.
func instructions(t *testing.T, path string) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	var out []string
	cur := ""
	for _, line := range strings.Split(string(raw), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") {
			continue
		}
		if strings.HasSuffix(trimmed, "\\") {
			cur += strings.TrimSuffix(trimmed, "\\") + " "
			continue
		}
		cur += trimmed
		if strings.TrimSpace(cur) != "" {
			out = append(out, strings.Join(strings.Fields(cur), " "))
		}
		cur = ""
	}
	return out
}

func TestArtifacts_ListMatchesTheServices(t *testing.T) {
	// mk/artifact.sh reads kind and command from service.yaml with sed; svcdef is the reader
	// everything else uses. They must agree, and every image has its Dockerfile.
	services, err := svcdef.Load(repoRoot)
	require.NoError(t, err)
	var want []artifact
	for _, svc := range services {
		a := artifact{name: svc.Name, kind: "image", binary: svc.Command}
		if svc.Kind == "lambda" {
			a.kind, a.binary = "lambda", "bootstrap"
		}
		want = append(want, a)
	}
	byKind := listArtifacts(t)
	assert.ElementsMatch(t, want, append(byKind["image"], byKind["lambda"]...))
	for _, a := range byKind["image"] {
		assert.FileExists(t, filepath.Join(repoRoot, "services", a.name, "Dockerfile"))
	}
	for _, a := range byKind["lambda"] {
		assert.NoFileExists(t, filepath.Join(repoRoot, "services", a.name, "Dockerfile"), "a Lambda ships a zip, not an image")
	}
}

// goEnv matches a Dockerfile ENV or ARG that sets a Go build variable.
var goEnv = regexp.MustCompile(`\b(GO[A-Z0-9_]*|CGO_[A-Z_]+)=`)

func TestArtifacts_DockerfilesBuildWithTheScript(t *testing.T) {
	images := listArtifacts(t)["image"]
	require.NotEmpty(t, images)
	for _, a := range images {
		name := a.name
		t.Run(name, func(t *testing.T) {
			ins := instructions(t, filepath.Join(repoRoot, "services", name, "Dockerfile"))
			var builds []string
			for _, in := range ins {
				upper := strings.ToUpper(strings.SplitN(in, " ", 2)[0])
				switch upper {
				case "RUN":
					assert.NotContains(t, in, "go build", "a shipped binary is built by mk/artifact.sh, never by go build directly")
					if strings.Contains(in, "artifact.sh") {
						builds = append(builds, in)
					}
				case "ENV", "ARG":
					for _, m := range goEnv.FindAllString(in, -1) {
						assert.Equal(t, "GOWORK=", m, "%q: mk/artifact.sh alone sets the Go build environment", in)
					}
				}
			}
			require.Len(t, builds, 1, "one RUN builds the binary with mk/artifact.sh")
			assert.True(t, strings.HasSuffix(builds[0], " bash /src/mk/artifact.sh build "+name+" /out"),
				"the build line is `bash /src/mk/artifact.sh build %s /out`, got %q", name, builds[0])
			assert.Contains(t, ins, "COPY mk/artifact.sh /src/mk/artifact.sh")
			assert.Contains(t, ins, "COPY --from=build /out/"+a.binary+" /usr/local/bin/"+a.binary, "the image ships the binary the script built")
		})
	}
}

// shippingBuild matches a go build or zip that makes a shipped artifact rather than a binary
// for this machine: a cross build for linux, the Lambda tag, or a zip.
var shippingBuild = regexp.MustCompile(`go build.*(GOOS=|GOARCH=|lambda\.norpc)|(GOOS=|GOARCH=).*go build|(^|[\s@;&(])zip\s`)

func TestArtifacts_LambdasBuildWithTheScript(t *testing.T) {
	// A service Makefile may build a binary for this machine (mailer/bin, make dev), but one
	// that builds or zips what ships goes through mk/artifact.sh, like mailer/build.
	makefiles, err := filepath.Glob(filepath.Join(repoRoot, "services", "*", "Makefile"))
	require.NoError(t, err)
	require.NotEmpty(t, makefiles)
	for _, mf := range makefiles {
		raw, err := os.ReadFile(mf)
		require.NoError(t, err)
		for i, line := range strings.Split(string(raw), "\n") {
			if !strings.HasPrefix(line, "\t") || !shippingBuild.MatchString(line) {
				continue
			}
			assert.Contains(t, line, "mk/artifact.sh package ", "%s:%d builds a shipped artifact without mk/artifact.sh", mf, i+1)
		}
	}
	lambdas := listArtifacts(t)["lambda"]
	require.NotEmpty(t, lambdas)
	raw, err := os.ReadFile(filepath.Join(repoRoot, "services", "mailer", "Makefile"))
	require.NoError(t, err)
	assert.Contains(t, string(raw), "\t@bash $(ROOT)/mk/artifact.sh package mailer $(MAILER_LAMBDA_DIR)\n", "mailer/build packages with mk/artifact.sh")

	deploy, err := os.ReadFile(filepath.Join(repoRoot, "tools", "deploy", "steps.go"))
	require.NoError(t, err)
	assert.Contains(t, string(deploy), `d.Cmd.Run(ctx, nil, "bash", d.Root+"/mk/artifact.sh", "package", d.Names.Service, d.PackageDir)`)
	assert.NotContains(t, string(deploy), `"go", "build"`, "the deploy builds the Lambda with mk/artifact.sh")
}

func TestArtifacts_BuildIsTheShippedBuild(t *testing.T) {
	// The script builds from the artifact's own module with GOWORK=off, CGO off, linux/arm64
	// (ECS tasks and the Lambda run on Graviton) and keeps the symbol table govulncheck needs.
	raw, err := os.ReadFile(filepath.Join(repoRoot, "mk", "artifact.sh"))
	require.NoError(t, err)
	s := string(raw)
	assert.True(t, strings.Contains(s, `cd "$ROOT/services/$name" && GOWORK=off GOFLAGS= CGO_ENABLED=0 GOOS=linux GOARCH=arm64`),
		"mk/artifact.sh builds in the artifact's module with GOWORK=off GOFLAGS= CGO_ENABLED=0 GOOS=linux GOARCH=arm64")
	var builds []string
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(line, "go build") && !strings.HasPrefix(strings.TrimSpace(line), "#") {
			builds = append(builds, line)
		}
	}
	require.Len(t, builds, 1, "mk/artifact.sh has one go build line")
	assert.Contains(t, builds[0], "-trimpath")
	assert.NotContains(t, builds[0], "-ldflags", "-s (strip) would hide from govulncheck which code a binary contains")
	for _, tf := range []struct{ path, want string }{
		{path: "modules/ecs-service/main.tf", want: `cpu_architecture        = "ARM64"`},
		{path: "modules/lambda-function/main.tf", want: `architectures = ["arm64"]`},
	} {
		raw, err := os.ReadFile(filepath.Join(repoRoot, tf.path))
		require.NoError(t, err)
		assert.Contains(t, string(raw), tf.want, "%s runs arm64, which mk/artifact.sh builds for", tf.path)
	}
}
