variable "account_id" {
  type        = string
  description = "AWS account of the environment; the provider refuses any other."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "The account_id must be the 12-digit AWS account ID of the environment."
  }
}

variable "engineer_policy_arns" {
  type        = list(string)
  description = "Managed policies of the engineer role. `make apply` creates IAM roles, keys and databases in every stack, so it is broad like the CI apply role (tfpolicy's planallow.go records why)."
  default     = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

variable "engineer_principal_arns" {
  type        = list(string)
  description = "Who may assume the engineer role: ARNs (wildcards allowed, matched with ArnLike on aws:PrincipalArn) of the IAM Identity Center permission set's roles, e.g. arn:aws:iam::<account>:role/aws-reserved/sso.amazonaws.com/<region>/AWSReservedSSO_<permission set>_*, or of IAM users/roles."

  validation {
    condition     = length(var.engineer_principal_arns) > 0 && alltrue([for p in var.engineer_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/.+$", p))])
    error_message = "The engineer_principal_arns must list at least one IAM role or user ARN (arn:aws:iam::<account>:role/... or :user/...)."
  }
}

variable "environment" {
  type        = string
  description = "Environment whose account this bootstraps: stg or prd."

  validation {
    condition     = contains(["stg", "prd"], var.environment)
    error_message = "The environment must be stg or prd."
  }
}

variable "region" {
  type        = string
  description = "AWS region of the environment."
  default     = "ap-northeast-1"
}
