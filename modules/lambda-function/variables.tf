variable "batch_size" {
  type        = number
  description = "Messages per invocation from the SQS queue."
  default     = 10

  validation {
    condition     = var.batch_size >= 1 && var.batch_size <= 10000
    error_message = "The batch_size must be from 1 to 10000."
  }
}

variable "bootstrap_package_path" {
  type        = string
  description = "Local zip terraform uploads to package_s3_key so CreateFunction works before anything was deployed. Null uses the module's placeholder (a bootstrap that fails every invocation until `make deploy`)."
  default     = null
}

variable "component" {
  type        = string
  description = "Name part of the function, e.g. \"function\"."
  default     = "function"
}

variable "environment" {
  type        = string
  description = "Environment: stg or prd (passed to naming)."
}

variable "environment_variables" {
  type        = map(string)
  description = "Environment variables of the function (configuration only; secrets belong in SSM or Secrets Manager)."
  default     = {}
}

variable "log_kms_key_arn" {
  type        = string
  description = "KMS key that encrypts the function's log group (see modules/kms-key)."
}

variable "log_retention_days" {
  type        = number
  description = "Days the function's logs are kept."
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "The log_retention_days must be a value CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "maximum_batching_window_in_seconds" {
  type        = number
  description = "Seconds Lambda waits to fill a batch before invoking (0 to 300)."
  default     = 0

  validation {
    condition     = var.maximum_batching_window_in_seconds >= 0 && var.maximum_batching_window_in_seconds <= 300
    error_message = "The maximum_batching_window_in_seconds must be from 0 to 300."
  }
}

variable "maximum_concurrency" {
  type        = number
  description = "Most concurrent invocations the SQS event source mapping starts (2 to 1000); bounds the send rate into SES."
  default     = 5

  validation {
    condition     = var.maximum_concurrency >= 2 && var.maximum_concurrency <= 1000
    error_message = "The maximum_concurrency must be from 2 to 1000 (the range Lambda accepts for SQS)."
  }
}

variable "memory_size" {
  type        = number
  description = "Memory of the function in MB."
  default     = 256

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240
    error_message = "The memory_size must be from 128 to 10240 MB."
  }
}

variable "package_s3_bucket" {
  type        = string
  description = "Bucket holding the deployment package (a zip with the arm64 \"bootstrap\" binary)."
}

variable "package_s3_key" {
  type        = string
  description = "Key terraform uploads the first (placeholder) package to and creates the function from. Later code versions are published by `make deploy` under other keys, so the function ignores changes to it."
}

variable "policy_statements" {
  type = list(object({
    sid       = string
    actions   = list(string)
    resources = list(string)
  }))
  description = "Extra IAM statements for the function's role (e.g. ses:SendEmail on an identity, dynamodb:PutItem on a table). Name exact actions and resource ARNs."
  default     = []
}

variable "service" {
  type        = string
  description = "Service that owns the function, e.g. \"mailer\"."
}

variable "sqs_queue_arn" {
  type        = string
  description = "ARN of the SQS queue that feeds the function. Its visibility timeout must be at least 6 x timeout_seconds (modules/sqs-queue checks that)."
}

variable "timeout_seconds" {
  type        = number
  description = "Function timeout in seconds."
  default     = 30

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 900
    error_message = "The timeout_seconds must be from 1 to 900."
  }
}
