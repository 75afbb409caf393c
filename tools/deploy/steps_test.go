package deploy_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/deploy"
)

const (
	image   = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/tsumiki-stg-todo-api-images:0123456789ab"
	rev3    = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/tsumiki-stg-todo-api-service:3"
	rev2    = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/tsumiki-stg-todo-api-service:2"
	rev1    = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/tsumiki-stg-todo-api-service:1"
	pushed  = `{"schemaVersion":2}`
	rollout = "ecs UpdateService " + rev3
)

func TestDeploy_ECS_BuildsPushesMigratesRollsOut(t *testing.T) {
	w := newWorld()
	w.unstable = 2
	d, log := w.deployer(false)
	require.NoError(t, d.Deploy(context.Background()), log.String())

	require.Equal(t, []string{
		"ecr DescribeImages tsumiki-stg-todo-api-images:0123456789ab",
		"sts GetCallerIdentity",
		"docker build --platform linux/arm64 --file /repo/services/todo-api/Dockerfile --tag " + image + " /repo",
		"ecr DescribeImages tsumiki-stg-todo-api-images:0123456789ab",
		"ecr GetAuthorizationToken",
		"docker login --username AWS --password-stdin 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com",
		"docker push " + image,
		"ecr BatchGetImage 0123456789ab",
		"ecr PutImage stg " + pushed,
		"ecs DescribeServices",
		// migrate: registers the revision and runs the one-off task of it
		"ecs DescribeServices",
		"ecs DescribeTaskDefinition tsumiki-stg-todo-api-service",
		"ecs RegisterTaskDefinition",
		"ecs RunTask " + rev3,
		"ecs DescribeTasks",
		// roll out: the same revision, not a second one
		"ecs DescribeServices",
		"ecs DescribeTaskDefinition tsumiki-stg-todo-api-service",
		rollout,
		// wait: two unstable looks, then stable
		"ecs DescribeServices", "sleep", "ecs DescribeServices", "sleep", "ecs DescribeServices",
	}, w.calls)
	require.Equal(t, []string{"s3cret"}, w.stdin, "the ECR password goes to docker on stdin, never as an argument")

	require.Len(t, w.registered, 1)
	reg := w.registered[0]
	require.Equal(t, image, aws.ToString(reg.ContainerDefinitions[0].Image))
	require.Equal(t, "sidecar:1", aws.ToString(reg.ContainerDefinitions[1].Image), "other containers keep their image")
	require.Equal(t, "512", aws.ToString(reg.Memory), "the newest revision's configuration is kept")
	require.Empty(t, reg.Tags, "no tags: registering with tags needs ecs:TagResource, which the deploy role lacks")
	require.Equal(t, "tsumiki-stg-todo-api-service", aws.ToString(reg.Family))
	require.Equal(t, "ARM64", string(reg.RuntimePlatform.CpuArchitecture))

	run := w.runs[0]
	require.Equal(t, "arn:aws:iam::123456789012:role/tsumiki-stg-todo-api-service-migration", aws.ToString(run.Overrides.TaskRoleArn),
		"migrations run with the migration role (modules/ecs-service), not the service's role")
	require.Equal(t, []string{"migrate", "up"}, run.Overrides.ContainerOverrides[0].Command)
	require.Equal(t, deploy.MigrationDBUser, aws.ToString(run.Overrides.ContainerOverrides[0].Environment[0].Value))
	require.Equal(t, []string{"subnet-1"}, run.NetworkConfiguration.AwsvpcConfiguration.Subnets, "the service's own network")
	require.Contains(t, log.String(), "todo-api 0123456789ab is live in stg")
}

func TestDeploy_ECS_SkipsBuildWhenTheTagExists(t *testing.T) {
	w := newWorld()
	w.tags["0123456789ab"] = pushed
	w.tags["stg"] = pushed
	d, log := w.deployer(false)
	require.NoError(t, d.Deploy(context.Background()), log.String())
	for _, c := range w.calls {
		require.False(t, strings.HasPrefix(c, "docker"), "no docker call when the image is published: %q", c)
	}
	require.Contains(t, log.String(), "build and push skipped")
	require.Contains(t, log.String(), "tsumiki-stg-todo-api-images:stg is 0123456789ab already")
	require.Contains(t, w.calls, rollout)
}

// TestDeploy_ECS_ImmutableEnvTag: an IMMUTABLE repository refuses to move the ENV tag to the
// new image; the deploy goes on with the revision tag and says why.
func TestDeploy_ECS_ImmutableEnvTag(t *testing.T) {
	w := newWorld()
	w.immutable = true
	w.tags["stg"] = `{"schemaVersion":1}`
	d, log := w.deployer(false)
	require.NoError(t, d.Deploy(context.Background()), log.String())
	require.Contains(t, log.String(), "SKIPPED: tag tsumiki-stg-todo-api-images:stg: the repository's tags are immutable")
	require.Equal(t, `{"schemaVersion":1}`, w.tags["stg"])
	require.Contains(t, w.calls, rollout)

	w.immutable = false
	w.tags["stg"] = `{"schemaVersion":1}`
	require.NoError(t, d.Push(context.Background()))
	require.Equal(t, pushed, w.tags["stg"], "a mutable ENV tag moves to the new image")
}

func TestDeploy_ECS_FailedMigrationStopsTheRollout(t *testing.T) {
	w := newWorld()
	w.tags["0123456789ab"] = pushed
	w.migrateRC = 1
	d, _ := w.deployer(false)
	err := d.Deploy(context.Background())
	require.ErrorContains(t, err, "migration task arn:aws:ecs:ap-northeast-1:123456789012:task/c/migrate1 exited with '1': not rolling out")
	require.Equal(t, "ecs DescribeTasks", w.calls[len(w.calls)-1], "nothing runs after the failed migration")
	require.Empty(t, w.updates)
}

// TestDeploy_ECS_FirstDeployBeforeTheStack: no ECS service yet, so the image is published and
// tagged bootstrap (the tag the stack's first task definition names) and the deploy stops.
func TestDeploy_ECS_FirstDeployBeforeTheStack(t *testing.T) {
	w := newWorld()
	w.service = nil
	d, log := w.deployer(false)
	require.NoError(t, d.Deploy(context.Background()))
	require.Equal(t, pushed, w.tags[deploy.BootstrapTag])
	require.Empty(t, w.registered)
	require.Empty(t, w.runs)
	require.Contains(t, log.String(), "apply the stack (make apply ENV=stg STACK=todo-api), then run make deploy SERVICE=todo-api ENV=stg again")

	require.ErrorContains(t, d.Rollout(context.Background()), "ECS service tsumiki-stg-todo-api-service does not exist yet: apply the stack")
}

func TestDeploy_ECS_StepsAlone(t *testing.T) {
	w := newWorld()
	d, log := w.deployer(false)
	ctx := context.Background()

	require.NoError(t, d.Check(ctx))
	require.Contains(t, log.String(), "tsumiki-stg-todo-api-images:0123456789ab is not published yet")
	require.NoError(t, d.Build(ctx))
	require.NoError(t, d.Push(ctx))
	require.NoError(t, d.Push(ctx), "pushing twice is harmless")
	require.Contains(t, log.String(), "is in ECR already: not pushed again")
	require.NoError(t, d.Migrate(ctx))
	require.NoError(t, d.Rollout(ctx))
	require.NoError(t, d.Rollout(ctx))
	require.Len(t, w.registered, 1, "one revision however often the steps run")
	require.Equal(t, []string{rev3, rev3}, w.updates)
	require.NoError(t, d.Wait(ctx))
}

func TestDeploy_ECS_NoMigrationRole(t *testing.T) {
	w := newWorld()
	d, log := w.deployer(false)
	d.Names.MigrationRole = ""
	require.NoError(t, d.Migrate(context.Background()))
	require.Contains(t, log.String(), "SKIPPED: migrations: todo-api has none")
	require.Empty(t, w.calls)
}

func TestWait(t *testing.T) {
	t.Run("FailedDeployment", func(t *testing.T) {
		w := newWorld()
		w.failRoll = true
		d, _ := w.deployer(false)
		require.ErrorContains(t, d.Wait(context.Background()), "deployment ecs-svc/2 of tsumiki-stg-todo-api-service failed: circuit breaker")
	})
	t.Run("Timeout", func(t *testing.T) {
		w := newWorld()
		w.unstable, w.updates = 100, []string{rev3}
		d, _ := w.deployer(false)
		require.ErrorContains(t, d.Wait(context.Background()), "gave up waiting for tsumiki-stg-todo-api-service to be stable after 10s")
	})
	t.Run("Cancelled", func(t *testing.T) {
		w := newWorld()
		w.unstable, w.updates = 1, []string{rev3}
		d, _ := w.deployer(false)
		d.Sleep = func(ctx context.Context, _ time.Duration) error { return context.Canceled }
		require.ErrorIs(t, d.Wait(context.Background()), context.Canceled)
	})
}

func TestRollback_ECS(t *testing.T) {
	w := newWorld()
	w.revisions = append(w.revisions, td(3, image))
	w.service.TaskDefinition = aws.String(rev3)
	d, log := w.deployer(false)
	require.NoError(t, d.Rollback(context.Background()))
	require.Equal(t, []string{rev2}, w.updates, "the newest active revision below the running one")
	require.Contains(t, log.String(), "tsumiki-stg-todo-api-service is stable")

	w.service.TaskDefinition = aws.String(rev1)
	require.ErrorContains(t, d.Rollback(context.Background()), "tsumiki-stg-todo-api-service:1 is the oldest active revision")
}

func TestDeploy_Lambda(t *testing.T) {
	w := newWorld()
	d, log := w.deployer(true)
	require.NoError(t, d.Deploy(context.Background()), log.String())
	require.Equal(t, []string{
		"s3 HeadObject mailer/0123456789ab.zip",
		"bash /repo/mk/artifact.sh package mailer /repo/dist/lambda/mailer",
		"s3 HeadObject mailer/0123456789ab.zip",
		"open /repo/dist/lambda/mailer/mailer.zip",
		"s3 PutObject tsumiki-stg-platform-artifacts/mailer/0123456789ab.zip",
	}, w.calls[:5])
	require.Contains(t, log.String(), "SKIPPED: migrations: mailer has none")
	require.Contains(t, w.calls, "lambda UpdateFunctionCode tsumiki-stg-platform-artifacts/mailer/0123456789ab.zip")
	require.Contains(t, w.calls, `lambda PublishVersion sha-mailer/0123456789ab.zip "package s3://tsumiki-stg-platform-artifacts/mailer/0123456789ab.zip"`)

	t.Run("SkipsBuildWhenThePackageExists", func(t *testing.T) {
		w := newWorld()
		w.objects["mailer/0123456789ab.zip"] = true
		d, _ := w.deployer(true)
		require.NoError(t, d.Deploy(context.Background()))
		for _, c := range w.calls {
			require.False(t, strings.HasPrefix(c, "bash") || strings.HasPrefix(c, "s3 PutObject"), "no build or upload: %q", c)
		}
	})
}

func TestRollback_Lambda(t *testing.T) {
	w := newWorld()
	d, _ := w.deployer(true)
	ctx := context.Background()
	for _, tag := range []string{"aaaaaaaaaaaa", "bbbbbbbbbbbb"} {
		d.Tag = tag
		w.objects["mailer/"+tag+".zip"] = true
		require.NoError(t, d.Rollout(ctx))
	}
	w.calls = nil
	require.NoError(t, d.Rollback(ctx))
	require.Contains(t, w.calls, "lambda UpdateFunctionCode tsumiki-stg-platform-artifacts/mailer/aaaaaaaaaaaa.zip", "the code of the version before the newest")
	require.Equal(t, "sha-mailer/aaaaaaaaaaaa.zip", w.latest)

	t.Run("VersionWithoutPackage", func(t *testing.T) {
		w.versions[0].Description = aws.String("")
		w.versions = w.versions[:2]
		w.latest = aws.ToString(w.versions[1].CodeSha256)
		require.ErrorContains(t, d.Rollback(ctx), "does not name its package")
	})
	t.Run("NothingOlder", func(t *testing.T) {
		w := newWorld()
		d, _ := w.deployer(true)
		require.ErrorContains(t, d.Rollback(ctx), "has 0 published version(s): nothing to roll back to")
	})
}

func TestPlatform(t *testing.T) {
	root := filepath.Join("..", "..")
	got, err := deploy.Platform(root)
	require.NoError(t, err)
	require.Equal(t, "linux/arm64", got)

	// mk/artifact.sh builds the binaries the images and the Lambda ship: the same architecture.
	script, err := os.ReadFile(filepath.Join(root, "mk", "artifact.sh"))
	require.NoError(t, err)
	goarch := regexp.MustCompile(`GOARCH=(\w+)`).FindAllStringSubmatch(string(script), -1)
	require.NotEmpty(t, goarch)
	for _, m := range goarch {
		require.Equal(t, strings.TrimPrefix(got, "linux/"), m[1], "mk/artifact.sh builds for another architecture than the task definition runs")
	}

	tests := []struct {
		name, block, want, err string
	}{
		{"X86", `operating_system_family = "LINUX"` + "\n" + `cpu_architecture = "X86_64"`, "linux/amd64", ""},
		{"Computed", `operating_system_family = "LINUX"` + "\n" + `cpu_architecture = var.arch`, "", "must be a string literal"},
		{"Windows", `operating_system_family = "WINDOWS_SERVER_2022_CORE"` + "\n" + `cpu_architecture = "X86_64"`, "", "the images are linux images"},
		{"Unknown", `operating_system_family = "LINUX"` + "\n" + `cpu_architecture = "RISCV"`, "", "none of ARM64, X86_64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.MkdirAll(filepath.Join(dir, "modules", "ecs-service"), 0o755))
			src := "resource \"aws_ecs_task_definition\" \"this\" {\n  runtime_platform {\n" + tt.block + "\n  }\n}\n"
			require.NoError(t, os.WriteFile(filepath.Join(dir, "modules", "ecs-service", "main.tf"), []byte(src), 0o644))
			got, err := deploy.Platform(dir)
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

// TestMake_StepsAreTheDeploySteps: mk/deploy.mk's DEPLOY_STEPS (the deploy/<step> targets) are
// deploy.Steps, in order.
func TestMake_StepsAreTheDeploySteps(t *testing.T) {
	mk, err := os.ReadFile(filepath.Join("..", "..", "mk", "deploy.mk"))
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^DEPLOY_STEPS := (.*)$`).FindStringSubmatch(string(mk))
	require.NotNil(t, m, "DEPLOY_STEPS in mk/deploy.mk")
	require.Equal(t, deploy.Steps, strings.Fields(m[1]))
	for _, s := range deploy.Steps {
		require.Contains(t, string(mk), "\ndeploy/"+s+": ## ", "a deploy/%s target with a description", s)
	}

	// Each target runs its own step of tools/cmd/deploy (make -n prints the recipe).
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	targets := map[string]string{"deploy": "all", "rollback": "rollback"}
	for _, s := range deploy.Steps {
		targets["deploy/"+s] = s
	}
	for target, step := range targets {
		out, err := exec.Command("make", "-s", "-n", "-C", root, target, "SERVICE=todo-api", "ENV=stg").CombinedOutput()
		require.NoError(t, err, string(out))
		require.Contains(t, string(out), "go run ./cmd/deploy -root "+root+" "+step+" todo-api stg\n", "make %s", target)
	}
}
