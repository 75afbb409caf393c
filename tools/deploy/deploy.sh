#!/usr/bin/env bash
# deploy.sh SERVICE ENV: roll out the current commit of one service to one environment.
# `make deploy SERVICE=... ENV=...` and .github/workflows/deploy.yml both run this, so a deploy
# from a laptop and from CI take the same steps in the same order.
#
# ECS services (kind http or worker in services/<name>/service.yaml):
#   1. image:     skip when ECR already holds the tag (tags are immutable), else build and push
#      First deploy of an environment, before the service's stack exists: also tag the image
#      `bootstrap` (the tag the stack's first task definition names) and stop; apply the stack,
#      then deploy again for the steps below.
#   2. task def:  register a revision of the family's newest task definition with the new image
#   3. migrate:   run `<service> migrate up` as a one-off task of that revision, logged in as
#                 todo_migrator with the service's migration role; stop on failure (only when
#                 the service's stack gives it a migration role)
#   4. roll out:  point the service at the revision and wait until it is stable
# Lambda (kind lambda):
#   1. package:   skip when the artifacts bucket already holds the zip, else build and upload
#   2. publish:   update the function code, publish a version and wait until it is active
#
# The services are their definitions (tools/internal/svcdef), and every cloud-side name is the
# one terraform gives the resource: tools/cmd/deploynames renders them from the service's stack
# and the shared stack (modules/naming's rules), so nothing here puts a name together. Each can
# be overridden through the environment (DEPLOY_CLUSTER, DEPLOY_REPOSITORY, DEPLOY_ECS_SERVICE,
# DEPLOY_FUNCTION, DEPLOY_ARTIFACTS_BUCKET, DEPLOY_MIGRATION_ROLE). IMAGE_TAG defaults to the
# commit (12 hex digits). prd deploys need a clean working tree, so what runs is exactly a commit.
set -euo pipefail

# The database role migrations log in as (services/todo-api/migrations/bootstrap).
readonly MIGRATION_DB_USER="todo_migrator"

log() { printf 'deploy: %s\n' "$*" >&2; }
die() { printf 'deploy: error: %s\n' "$*" >&2; exit 1; }

service=${1:-}
env=${2:-}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

# kind, stack, package, cluster, repository, ecs_service, migration_role, function, artifacts_bucket;
# an unknown SERVICE or ENV fails here with the valid values.
names=$(go run ./tools/cmd/deploynames "$service" "$env") || die "no names for SERVICE '${service}' ENV '${env}' (above)"
eval "$names"

if [[ $env == prd && -n $(git status --porcelain) ]]; then
  die "prd deploys need a clean working tree (commit or discard your changes first)"
fi
tag=${IMAGE_TAG:-$(git rev-parse --short=12 HEAD)}
region=${AWS_REGION:-ap-northeast-1}
export AWS_REGION=$region AWS_PAGER=""

# publish_bootstrap_tag gives the image just published the tag `bootstrap` too, unless the
# repository has one: the service's stack creates its first task definition with that tag
# (terraform/stacks/<service> var.image_tag), so its tasks have an image to start from. ECR
# tags are immutable; put-image with the image's manifest adds a tag without a registry login.
publish_bootstrap_tag() {
  local repository=$1 manifest
  if aws ecr describe-images --repository-name "$repository" --image-ids imageTag=bootstrap >/dev/null 2>&1; then
    log "$repository already holds the bootstrap tag"
    return 0
  fi
  manifest=$(aws ecr batch-get-image --repository-name "$repository" --image-ids "imageTag=$tag" \
    --query 'images[0].imageManifest' --output text)
  aws ecr put-image --repository-name "$repository" --image-tag bootstrap --image-manifest "$manifest" >/dev/null
  log "tagged $repository:$tag as bootstrap"
}

deploy_ecs() {
  cluster=${DEPLOY_CLUSTER:-$cluster}
  repository=${DEPLOY_REPOSITORY:-$repository}
  ecs_service=${DEPLOY_ECS_SERVICE:-$ecs_service}

  local account registry image
  account=$(aws sts get-caller-identity --query Account --output text)
  registry=$account.dkr.ecr.$region.amazonaws.com
  image=$registry/$repository:$tag

  log "step 1/4 image $image"
  if aws ecr describe-images --repository-name "$repository" --image-ids "imageTag=$tag" >/dev/null 2>&1; then
    log "image tag $tag already in $repository: skipping build and push"
  else
    [[ -f services/$service/Dockerfile ]] || die "services/$service/Dockerfile is missing: an ECS service needs an image to deploy"
    docker build --platform linux/arm64 --file "services/$service/Dockerfile" --tag "$image" .
    local password
    password=$(aws ecr get-login-password)
    docker login --username AWS --password-stdin "$registry" <<<"$password"
    docker push "$image"
  fi

  log "step 2/4 task definition for $ecs_service in $cluster"
  local current definition new_td
  current=$(aws ecs describe-services --cluster "$cluster" --services "$ecs_service" \
    --query 'services[0].taskDefinition' --output text 2>/dev/null || true)
  if [[ -z $current || $current == None ]]; then
    publish_bootstrap_tag "$repository"
    log "first deploy of $service in $env: the image is published as $tag and bootstrap; apply the stack (make apply ENV=$env STACK=$stack), then run make deploy SERVICE=$service ENV=$env again to migrate and roll out"
    return 0
  fi
  # The newest revision of the family, not the running one: it carries the configuration
  # terraform registered last (environment, secrets, sizes); only the image changes.
  local family=${current##*/}
  family=${family%:*}
  definition=$(aws ecs describe-task-definition --task-definition "$family" --query taskDefinition --output json |
    jq --arg name "$service" --arg image "$image" '
      .containerDefinitions |= map(if .name == $name then .image = $image else . end)
      | del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities,
            .registeredAt, .registeredBy, .deregisteredAt)')
  jq -e --arg image "$image" 'any(.containerDefinitions[]; .image == $image)' <<<"$definition" >/dev/null ||
    die "task definition family $family has no container named $service"
  new_td=$(aws ecs register-task-definition --cli-input-json "$definition" \
    --query 'taskDefinition.taskDefinitionArn' --output text)
  log "registered $new_td"

  if [[ -n ${DEPLOY_MIGRATION_ROLE:-$migration_role} ]]; then
    log "step 3/4 migrations: $service migrate up as a one-off task"
    local network task exit_code
    network=$(aws ecs describe-services --cluster "$cluster" --services "$ecs_service" \
      --query 'services[0].networkConfiguration' --output json)
    # The migration logs in as todo_migrator (IAM database authentication), with the service's
    # migration role as its task role (modules/ecs-service, migration_task_policy_statements):
    # only that role may rds-db:connect as the migrator; the service's own role may not.
    local migration_role_arn=${DEPLOY_MIGRATION_ROLE:-arn:aws:iam::$account:role/$migration_role}
    task=$(aws ecs run-task --cluster "$cluster" --task-definition "$new_td" --launch-type FARGATE \
      --network-configuration "$network" --started-by "deploy-migrate-$tag" \
      --overrides "$(jq -cn --arg name "$service" --arg role "$migration_role_arn" --arg user "$MIGRATION_DB_USER" \
        '{taskRoleArn: $role, containerOverrides: [{name: $name, command: ["migrate", "up"], environment: [{name: "DATABASE_USER", value: $user}]}]}')" \
      --query 'tasks[0].taskArn' --output text)
    [[ -n $task && $task != None ]] || die "could not start the migration task"
    aws ecs wait tasks-stopped --cluster "$cluster" --tasks "$task"
    exit_code=$(aws ecs describe-tasks --cluster "$cluster" --tasks "$task" \
      --query "tasks[0].containers[?name=='$service'].exitCode | [0]" --output text)
    [[ $exit_code == 0 ]] || die "migration task $task exited with '$exit_code': not rolling out (see its logs; the database is left for migrate force/down)"
  else
    log "step 3/4 migrations: none for $service (its stack gives it no migration role)"
  fi

  log "step 4/4 roll out $ecs_service"
  aws ecs update-service --cluster "$cluster" --service "$ecs_service" --task-definition "$new_td" >/dev/null
  aws ecs wait services-stable --cluster "$cluster" --services "$ecs_service"
  log "$service $tag is live in $env"
}

deploy_lambda() {
  local function_name=${DEPLOY_FUNCTION:-$function}
  local bucket=${DEPLOY_ARTIFACTS_BUCKET:-$artifacts_bucket}
  local key=$service/$tag.zip

  log "step 1/2 package s3://$bucket/$key"
  if aws s3api head-object --bucket "$bucket" --key "$key" >/dev/null 2>&1; then
    log "package $key already in $bucket: skipping build and upload"
  else
    local dir="dist/lambda/$service"
    rm -rf "$dir" && mkdir -p "$dir"
    # The one build command of the shipped binaries, the one make go/vuln checks.
    bash mk/artifact.sh package "$service" "$dir"
    aws s3 cp "$dir/$service.zip" "s3://$bucket/$key"
  fi

  log "step 2/2 publish $function_name"
  aws lambda update-function-code --function-name "$function_name" --s3-bucket "$bucket" --s3-key "$key" --publish >/dev/null
  aws lambda wait function-updated-v2 --function-name "$function_name"
  log "$service $tag is live in $env"
}

if [[ $kind == lambda ]]; then
  deploy_lambda
else
  deploy_ecs
fi
