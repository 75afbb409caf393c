variable "attributes" {
  type = list(object({
    name = string
    type = string
  }))
  description = "Key attributes (only those used in keys): name and type S, N or B."

  validation {
    condition     = alltrue([for a in var.attributes : contains(["S", "N", "B"], a.type)])
    error_message = "Each attribute type must be S (string), N (number) or B (binary)."
  }
}

variable "component" {
  type        = string
  description = "Name part of the table, e.g. \"idempotency\"."
}

variable "environment" {
  type        = string
  description = "Environment: stg or prd (passed to naming)."
}

variable "hash_key" {
  type        = string
  description = "Partition key attribute name; must be listed in attributes."
}

variable "kms_key_arn" {
  type        = string
  description = "Customer-managed KMS key for encryption at rest. Null uses the AWS-managed DynamoDB key."
  default     = null
}

variable "protected" {
  type        = bool
  description = "Whether the table keeps data that must survive: true adds deletion protection and prevent_destroy. Set true in prd (tfpolicy checks it)."
}

variable "range_key" {
  type        = string
  description = "Sort key attribute name, or null for a partition key only."
  default     = null
}

variable "service" {
  type        = string
  description = "Service that owns the table, e.g. \"mailer\"."
}

variable "ttl_attribute" {
  type        = string
  description = "Attribute holding the expiry time (Unix seconds) after which DynamoDB deletes the item; null disables TTL."
  default     = null
}
