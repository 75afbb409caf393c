variable "component" {
  type        = string
  description = "Name part of the bucket, e.g. \"exports\"."
}

variable "environment" {
  type        = string
  description = "Environment: stg or prd (passed to naming)."
}

variable "expiration_days" {
  type        = number
  description = "Days after which current objects expire. Null keeps them forever."
  default     = null

  validation {
    condition     = var.expiration_days == null || try(var.expiration_days >= 1, false)
    error_message = "The expiration_days must be at least 1, or null to keep objects forever."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for default encryption (SSE-KMS with a bucket key). Null uses SSE-S3 (AES256)."
  default     = null
}

variable "noncurrent_version_expiration_days" {
  type        = number
  description = "Days a replaced or deleted object version is kept before it expires; the undo window for overwrites and deletes."
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "The noncurrent_version_expiration_days must be at least 1."
  }
}

variable "policy_statements" {
  type        = list(any)
  description = "Extra bucket policy statements (IAM JSON statement objects) added to the TLS-only deny."
  default     = []
}

variable "protected" {
  type        = bool
  description = "Whether the bucket keeps data that must survive: true adds lifecycle prevent_destroy. Set true in prd (tfpolicy checks it); false lets stg be torn down."
}

variable "service" {
  type        = string
  description = "Service that owns the bucket, e.g. \"todo-batch\"."
}
