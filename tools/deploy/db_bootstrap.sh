#!/usr/bin/env bash
# db_bootstrap.sh ENV: the one-time database bootstrap of an environment, as the RDS master
# user (`make db/bootstrap ENV=...`). Run it once after the first `make apply` of the database
# and todo-api stacks and before the first `make deploy`; a second run changes nothing.
#
# It runs `todo-api bootstrap` (services/todo-api/migrations/bootstrap/bootstrap.sql) as a
# one-off task of todo-api's task definition, with two overrides:
#   - task role: the database stack's bootstrap role, the only role that may read the master
#     user's secret (no task definition injects it);
#   - environment: DATABASE_USER = the master user, DATABASE_PASSWORD_SECRET_ARN = RDS's
#     managed secret, read by the task when it connects (so a rotated password is fine).
# It creates the login roles todo_migrator, todo_app and todo_readonly, grants them rds_iam
# (IAM database authentication only) and lets the migrator own the schema. After it, nobody
# logs in as the master.
#
# Every cloud-side name is the one terraform gives the resource (tools/cmd/deploynames renders
# them from the stacks); each can be overridden: DEPLOY_CLUSTER, DEPLOY_ECS_SERVICE,
# DEPLOY_DB_INSTANCE, DEPLOY_BOOTSTRAP_ROLE (an ARN).
set -euo pipefail

# SERVICE is the service whose binary carries `bootstrap` and whose task definition runs it.
readonly SERVICE="todo-api"

log() { printf 'db/bootstrap: %s\n' "$*" >&2; }
die() { printf 'db/bootstrap: error: %s\n' "$*" >&2; exit 1; }

env=${1:-}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
# cluster, ecs_service, db_instance, bootstrap_role (and the rest); an unknown ENV fails here
# with the valid values.
names=$(go run ./tools/cmd/deploynames -database "$SERVICE" "$env") || die "no names for ENV '${env}' (above)"
eval "$names"

region=${AWS_REGION:-ap-northeast-1}
export AWS_REGION=$region AWS_PAGER=""
cluster=${DEPLOY_CLUSTER:-$cluster}
ecs_service=${DEPLOY_ECS_SERVICE:-$ecs_service}
db_instance=${DEPLOY_DB_INSTANCE:-$db_instance}

account=$(aws sts get-caller-identity --query Account --output text)
role=${DEPLOY_BOOTSTRAP_ROLE:-arn:aws:iam::$account:role/$bootstrap_role}

log "step 1/3 master user and secret of $db_instance"
read -r master secret < <(aws rds describe-db-instances --db-instance-identifier "$db_instance" \
  --query 'DBInstances[0].[MasterUsername, MasterUserSecret.SecretArn]' --output text)
[[ -n ${secret:-} && $secret != None ]] || die "$db_instance has no RDS-managed master secret (manage_master_user_password)"

log "step 2/3 todo-api task definition and network of $ecs_service"
td=$(aws ecs describe-services --cluster "$cluster" --services "$ecs_service" \
  --query 'services[0].taskDefinition' --output text)
[[ -n $td && $td != None ]] || die "service $ecs_service not found in cluster $cluster (apply the todo-api stack first)"
network=$(aws ecs describe-services --cluster "$cluster" --services "$ecs_service" \
  --query 'services[0].networkConfiguration' --output json)

log "step 3/3 todo-api bootstrap as $master with role $role"
task=$(aws ecs run-task --cluster "$cluster" --task-definition "$td" --launch-type FARGATE \
  --network-configuration "$network" --started-by "db-bootstrap" \
  --overrides "$(jq -cn --arg name "$SERVICE" --arg role "$role" --arg user "$master" --arg secret "$secret" \
    '{taskRoleArn: $role, containerOverrides: [{name: $name, command: ["bootstrap"],
      environment: [{name: "DATABASE_USER", value: $user}, {name: "DATABASE_PASSWORD_SECRET_ARN", value: $secret}]}]}')" \
  --query 'tasks[0].taskArn' --output text)
[[ -n $task && $task != None ]] || die "could not start the bootstrap task"
aws ecs wait tasks-stopped --cluster "$cluster" --tasks "$task"
exit_code=$(aws ecs describe-tasks --cluster "$cluster" --tasks "$task" \
  --query "tasks[0].containers[?name=='$SERVICE'].exitCode | [0]" --output text)
[[ $exit_code == 0 ]] || die "bootstrap task $task exited with '$exit_code' (see its logs in /ecs/$ecs_service)"
log "done: $env's database has its login roles; deploy with make deploy SERVICE=$SERVICE ENV=$env"
