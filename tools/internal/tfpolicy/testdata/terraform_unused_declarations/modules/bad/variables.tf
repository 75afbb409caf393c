variable "only_validated" {
  type        = string
  description = "Only its own validation refers to it."

  validation {
    condition     = length(var.only_validated) > 0
    error_message = "Must not be empty."
  }
}

variable "unused" {
  type        = string
  description = "Never read."
}

variable "used" {
  type        = string
  description = "Read by the queue."
}
