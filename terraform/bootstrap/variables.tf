variable "account_id" {
  type        = string
  description = "AWS account of the environment; the provider refuses any other."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "The account_id must be the 12-digit AWS account ID of the environment."
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
