variable "apply_environments" {
  type        = list(string)
  description = "GitHub environments whose jobs may assume the apply role (e.g. [\"stg\"]); with main, the only callers of the apply role."
}

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

variable "environment" {
  type        = string
  description = "Environment of the account: stg or prd (passed to naming)."
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
