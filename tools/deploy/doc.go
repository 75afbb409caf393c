// Package deploy is the one deploy procedure that `make deploy SERVICE= ENV=`, the
// deploy/<step> targets, `make rollback` and .github/workflows/deploy.yml (through make) run,
// through tools/cmd/deploy: Deployer's steps (Check, Build, Push, Migrate, Rollout, Wait; Deploy
// runs them in order, Rollback returns to the previous task definition or Lambda code) on the
// AWS SDK; Resolve, the cloud-side names a deploy works on as terraform names them; and
// Platform, the image's platform read from the task definition in terraform. The steps are
// tested against fakes of ECS, ECR, Lambda, S3 and STS and of the local commands (docker,
// mk/artifact.sh); db_bootstrap.sh's tests put stand-in aws, docker, go and git commands on PATH.
package deploy
