# What `make deploy` (tools/deploy) touches, by the names modules/naming gives the
# stacks' resources; bootstrap runs before the stacks exist, so the ARNs are built from names.
# The services are their definitions (services/*/service.yaml, tools/internal/svcdef): a new
# service is in the deploy role's reach once its definition exists and bootstrap is applied.

locals {
  services_dir = "${path.module}/../../services"
  services     = [for f in sort(fileset(local.services_dir, "*/service.yaml")) : yamldecode(file("${local.services_dir}/${f}"))]
  # The component the service stacks give modules/ecs-service, by kind (TestResolve_ECSNames in
  # tools/deploy fails when a stack names its ECS service otherwise).
  ecs_component_by_kind = {
    http   = "service"
    worker = "worker"
  }
  # ECS services make deploy rolls: service => component (modules/ecs-service's name).
  deploy_ecs_services = { for s in local.services : s.name => local.ecs_component_by_kind[s.kind] if s.kind != "lambda" }
  # Lambda functions make deploy publishes (component "function" of modules/lambda-function).
  deploy_functions = [for s in local.services : s.name if s.kind == "lambda"]
}

module "deploy_cluster_name" {
  source = "../../modules/naming"

  environment = var.environment
  service     = "platform"
  component   = "cluster"
  max_length  = 255
}

module "deploy_artifacts_name" {
  source = "../../modules/naming"

  environment = var.environment
  service     = "platform"
  component   = "artifacts"
  max_length  = 63
}

module "deploy_service_names" {
  source   = "../../modules/naming"
  for_each = local.deploy_ecs_services

  environment = var.environment
  service     = each.key
  component   = each.value
  max_length  = 255
}

module "deploy_image_names" {
  source   = "../../modules/naming"
  for_each = local.deploy_ecs_services

  environment = var.environment
  service     = each.key
  component   = "images"
  max_length  = 255
}

module "deploy_task_role_names" {
  source   = "../../modules/naming"
  for_each = local.deploy_ecs_services

  environment = var.environment
  service     = each.key
  component   = each.value
  attributes  = ["task"]
}

module "deploy_execution_role_names" {
  source   = "../../modules/naming"
  for_each = local.deploy_ecs_services

  environment = var.environment
  service     = each.key
  component   = each.value
  attributes  = ["execution"]
}

# The migration task runs with the service's migration role (modules/ecs-service; make deploy
# overrides the task role), so deploy passes that one too.
module "deploy_migration_role_names" {
  source   = "../../modules/naming"
  for_each = local.deploy_ecs_services

  environment = var.environment
  service     = each.key
  component   = each.value
  attributes  = ["migration"]
}

module "deploy_function_names" {
  source   = "../../modules/naming"
  for_each = toset(local.deploy_functions)

  environment = var.environment
  service     = each.key
  component   = "function"
}

locals {
  arn_prefix  = "arn:aws"
  cluster_arn = "${local.arn_prefix}:ecs:${var.region}:${var.account_id}:cluster/${module.deploy_cluster_name.id}"

  deploy = {
    artifact_object_arns = [for f in local.deploy_functions : "${local.arn_prefix}:s3:::${module.deploy_artifacts_name.id}/${f}/*"]
    ecr_repository_arns  = [for s, m in module.deploy_image_names : "${local.arn_prefix}:ecr:${var.region}:${var.account_id}:repository/${m.id}"]
    ecs_cluster_arn      = local.cluster_arn
    ecs_service_arns     = [for s, m in module.deploy_service_names : "${local.arn_prefix}:ecs:${var.region}:${var.account_id}:service/${module.deploy_cluster_name.id}/${m.id}"]
    lambda_function_arns = [for f, m in module.deploy_function_names : "${local.arn_prefix}:lambda:${var.region}:${var.account_id}:function:${m.id}"]
    pass_role_arns = [
      for m in concat(values(module.deploy_task_role_names), values(module.deploy_execution_role_names), values(module.deploy_migration_role_names)) :
      "${local.arn_prefix}:iam::${var.account_id}:role/${m.id}"
    ]
    task_definition_families = [for s, m in module.deploy_service_names : m.id]
  }
}
