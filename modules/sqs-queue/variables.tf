variable "component" {
  type        = string
  description = "Name part for the queue, e.g. \"queue\"; the dead-letter queue gets the same name plus \"-dlq\"."
  default     = "queue"
}

variable "consumer_timeout_seconds" {
  type        = number
  description = "Timeout of the consumer (for a Lambda consumer: its timeout) in seconds. The visibility timeout must be at least six times this, as AWS recommends for Lambda event source mappings."

  validation {
    condition     = var.consumer_timeout_seconds >= 1 && var.consumer_timeout_seconds <= 900
    error_message = "The consumer_timeout_seconds must be from 1 to 900 (Lambda's maximum timeout)."
  }
}

variable "dead_letter_retention_seconds" {
  type        = number
  description = "How long failed messages stay in the dead-letter queue, in seconds. Defaults to 14 days, the SQS maximum, to leave time to inspect and redrive."
  default     = 1209600

  validation {
    condition     = var.dead_letter_retention_seconds >= 60 && var.dead_letter_retention_seconds <= 1209600
    error_message = "The dead_letter_retention_seconds must be from 60 to 1209600 (14 days)."
  }
}

variable "environment" {
  type        = string
  description = "Environment: local, stg or prd (passed to naming)."
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for server-side encryption. Null uses SQS-managed encryption (SSE-SQS)."
  default     = null
}

variable "max_receive_count" {
  type        = number
  description = "Receives after which a message moves to the dead-letter queue."
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "The max_receive_count must be from 1 to 1000."
  }
}

variable "message_retention_seconds" {
  type        = number
  description = "How long an unconsumed message stays in the main queue, in seconds. Defaults to 4 days."
  default     = 345600

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600
    error_message = "The message_retention_seconds must be from 60 to 1209600 (14 days)."
  }
}

variable "protected" {
  type        = bool
  description = "Whether the queues keep messages that must survive: true adds prevent_destroy to both. Set true in prd (tfpolicy checks it)."
}

variable "service" {
  type        = string
  description = "Service that owns the queue, e.g. \"mailer\"."
}

variable "visibility_timeout_seconds" {
  type        = number
  description = "Visibility timeout of the main queue in seconds. Null means six times consumer_timeout_seconds; a set value must be at least that."
  default     = null

  validation {
    condition     = var.visibility_timeout_seconds == null || try(var.visibility_timeout_seconds >= 6 * var.consumer_timeout_seconds && var.visibility_timeout_seconds <= 43200, false)
    error_message = "The visibility_timeout_seconds must be at least 6 x consumer_timeout_seconds (so a message is not redelivered while a retried consumer still works on it) and at most 43200; leave it null to use 6 x consumer_timeout_seconds."
  }
}
