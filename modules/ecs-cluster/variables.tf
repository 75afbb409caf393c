variable "environment" {
  type        = string
  description = "Environment: stg or prd (passed to naming)."
}
