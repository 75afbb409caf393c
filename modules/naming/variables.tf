variable "attributes" {
  type        = list(string)
  description = "Extra name parts appended after the component, e.g. [\"dlq\"] or [\"a\", \"1\"]. Each part is lower-case letters, digits and single hyphens."
  default     = []

  validation {
    condition     = alltrue([for a in var.attributes : can(regex("^[a-z0-9]+(-[a-z0-9]+)*$", a))])
    error_message = "Each of attributes must be lower-case letters and digits separated by single hyphens (e.g. \"dlq\", \"az-1\"); fix or drop the offending part."
  }
}

variable "component" {
  type        = string
  description = "What the resource is within the service, e.g. \"queue\", \"db\", \"exports\"."

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.component))
    error_message = "The component must start with a lower-case letter and contain only lower-case letters, digits and single hyphens (e.g. \"queue\", \"batch-exports\")."
  }
}

variable "environment" {
  type        = string
  description = "Environment the resource belongs to: local (make dev), stg or prd."

  validation {
    condition     = contains(["local", "stg", "prd"], var.environment)
    error_message = "The environment must be one of local, stg, prd."
  }
}

variable "max_length" {
  type        = number
  description = "Longest name the target AWS resource accepts (e.g. 32 for ALB target groups, 63 for S3 buckets, 64 for IAM roles). Longer names are shortened to this length and end in a stable 8-character hash of the full name."
  default     = 64

  validation {
    condition     = var.max_length >= 16 && var.max_length <= 255 && floor(var.max_length) == var.max_length
    error_message = "The max_length must be a whole number from 16 to 255; shorter limits leave no room for a readable prefix before the 8-character hash."
  }
}

variable "project" {
  type        = string
  description = "Project the resource belongs to; the first part of every name."
  default     = "tsumiki"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.project))
    error_message = "The project must start with a lower-case letter and contain only lower-case letters, digits and single hyphens."
  }
}

variable "repository" {
  type        = string
  description = "Repository that manages the resource, recorded in the Repository tag."
  default     = "github.com/tsumiki-dev/tsumiki"

  validation {
    condition     = length(trimspace(var.repository)) > 0
    error_message = "The repository must not be empty; it is the Repository tag that tells people where the resource is managed."
  }
}

variable "service" {
  type        = string
  description = "Service that owns the resource, e.g. \"todo-api\", \"mailer\", or \"platform\" for shared infrastructure."

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.service))
    error_message = "The service must start with a lower-case letter and contain only lower-case letters, digits and single hyphens (e.g. \"todo-api\")."
  }
}
