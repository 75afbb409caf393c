variable "component" {
  type        = string
  description = "What the key protects, e.g. \"logs\"; becomes part of the alias name."
}

variable "deletion_window_in_days" {
  type        = number
  description = "Days a scheduled key deletion waits before the key is gone (7 to 30). Data encrypted with a deleted key is lost, so keep it long."
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "The deletion_window_in_days must be from 7 to 30 (the range AWS KMS accepts)."
  }
}

variable "deny_ci_roles" {
  type        = bool
  description = "Whether the key policy denies the CI roles (<project>-<env>-ci-*, modules/github-oidc-role) every use of the key: set it for keys of user data, so neither a pull request's plan nor a workflow can decrypt it."
  default     = false
}

variable "environment" {
  type        = string
  description = "Environment: stg or prd (passed to naming)."
}

variable "service" {
  type        = string
  description = "Service that owns the key, e.g. \"platform\" for shared keys."
}

variable "service_principals" {
  type        = list(string)
  description = "AWS service principals allowed to use the key in this region, \"logs\" (CloudWatch Logs encrypts log groups) and \"cloudwatch\" (CloudWatch alarms publish to SNS topics encrypted with the key)."
  default     = ["logs"]

  validation {
    condition     = alltrue([for p in var.service_principals : contains(["logs", "cloudwatch"], p)])
    error_message = "The service_principals may only contain \"logs\" and \"cloudwatch\"; add the key policy statement for another service in main.tf first."
  }
}
