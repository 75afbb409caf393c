variable "environment" {
  type        = string
  description = "Environment: stg or prd (passed to naming)."
}

variable "keep_images" {
  type        = number
  description = "How many most recent images the lifecycle policy keeps; older ones expire."
  default     = 50

  validation {
    condition     = var.keep_images >= 1
    error_message = "The keep_images must be at least 1."
  }
}

variable "service" {
  type        = string
  description = "Service whose images the repository holds, e.g. \"todo-api\"."
}
