variable "environment" {
  type        = string
  description = "Environment whose stacks keep their state here: stg or prd."
}

variable "log_expiration_days" {
  type        = number
  description = "Days the log bucket keeps access logs, flow logs and load balancer logs."
  default     = 90

  validation {
    condition     = var.log_expiration_days >= 1
    error_message = "The log_expiration_days must be at least 1."
  }
}
