variable "access_log_bucket" {
  type        = string
  description = "Bucket that receives this bucket's S3 server access logs, under s3-access-logs/<this bucket>/. Null logs nothing. The target must be in the same account and region, use SSE-S3 and allow logging.s3.amazonaws.com (modules/state-backend's log bucket does)."
  default     = null
}

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
  type = list(object({
    sid     = optional(string)
    effect  = optional(string, "Allow")
    actions = list(string)
    # Paths inside the bucket: "" for the bucket itself, "exports/*" for objects under exports/.
    resource_paths = list(string)
    principals = list(object({
      type        = string
      identifiers = list(string)
    }))
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
  description = "Extra bucket policy statements, added after the TLS-only deny. Each names its actions, its principals ({ type = \"AWS\" | \"Service\" | ..., identifiers }), its resource_paths inside the bucket (\"\" is the bucket, \"prefix/*\" objects) and optional conditions; statements may differ in shape (some with conditions, some without)."
  default     = []

  validation {
    condition     = alltrue([for s in var.policy_statements : contains(["Allow", "Deny"], s.effect) && length(s.actions) > 0 && length(s.resource_paths) > 0 && length(s.principals) > 0])
    error_message = "Each of policy_statements needs effect Allow or Deny, at least one action, one resource path and one principal."
  }
}

variable "protected" {
  type        = bool
  description = "Whether the bucket keeps data that must survive: true adds lifecycle prevent_destroy. Set true in prd (tfpolicy checks it); false lets stg be torn down."
}

variable "service" {
  type        = string
  description = "Service that owns the bucket, e.g. \"todo-batch\"."
}
