variable "apply_policy_arns" {
  type        = list(string)
  description = "Managed policies of the apply role. It creates and changes everything in the stacks, so it is broad by nature; see README for the documented exception."
  default     = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

variable "create_provider" {
  type        = bool
  description = "Whether to create the account's GitHub OIDC provider (once per account)."
  default     = true
}

variable "deploy" {
  type = object({
    artifact_object_arns     = list(string)
    ecr_repository_arns      = list(string)
    ecs_cluster_arn          = string
    ecs_service_arns         = list(string)
    lambda_function_arns     = list(string)
    pass_role_arns           = list(string)
    task_definition_families = list(string)
  })
  description = "What `make deploy` may touch: S3 objects it uploads packages to (e.g. <artifacts bucket ARN>/mailer/*), the service image repositories, the cluster, its services, the Lambda functions it publishes, the task and execution roles its task definitions carry, and the task definition families it runs migrations from."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:ecs:[^:]+:[0-9]{12}:cluster/[A-Za-z0-9_-]+$", var.deploy.ecs_cluster_arn))
    error_message = "The deploy.ecs_cluster_arn must be an ECS cluster ARN (arn:aws:ecs:<region>:<account>:cluster/<name>)."
  }
}

variable "environment" {
  type        = string
  description = "Environment of the account: stg or prd (passed to naming)."
}

variable "github_environment" {
  type        = string
  description = "GitHub environment whose jobs alone may assume the apply and deploy roles (its required reviewers and deployment branch rule guard them); usually the environment's own name."

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+$", var.github_environment))
    error_message = "The github_environment must be a GitHub environment name (letters, digits, '_', '.', '-')."
  }
}

variable "repository" {
  type        = string
  description = "GitHub repository, owner/name, whose workflows may assume the roles."
  default     = "tsumiki-dev/tsumiki"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.repository))
    error_message = "The repository must be owner/name, e.g. tsumiki-dev/tsumiki."
  }
}

variable "state_bucket_arn" {
  type        = string
  description = "ARN of the state bucket; the plan role may read state and write only lock files."
}
