module "ci_roles" {
  source = "../.."

  environment        = "stg"
  github_environment = "stg"
  state_bucket_arn   = "arn:aws:s3:::tsumiki-stg-platform-tfstate"

  deploy = {
    artifact_object_arns     = ["arn:aws:s3:::tsumiki-stg-platform-artifacts/mailer/*"]
    ecr_repository_arns      = ["arn:aws:ecr:ap-northeast-1:111111111111:repository/tsumiki-stg-todo-api-images"]
    ecs_cluster_arn          = "arn:aws:ecs:ap-northeast-1:111111111111:cluster/tsumiki-stg-platform-cluster"
    ecs_service_arns         = ["arn:aws:ecs:ap-northeast-1:111111111111:service/tsumiki-stg-platform-cluster/tsumiki-stg-todo-api-service"]
    lambda_function_arns     = ["arn:aws:lambda:ap-northeast-1:111111111111:function:tsumiki-stg-mailer-function"]
    pass_role_arns           = ["arn:aws:iam::111111111111:role/tsumiki-stg-todo-api-service-task", "arn:aws:iam::111111111111:role/tsumiki-stg-todo-api-service-execution"]
    task_definition_families = ["tsumiki-stg-todo-api-service"]
  }
}
