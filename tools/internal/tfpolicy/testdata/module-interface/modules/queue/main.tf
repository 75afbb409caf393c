variable "name" {
  type        = string
  description = "Queue name."
}

variable "retention" {
  type        = number
  description = "Retention in seconds."
  default     = 345600
}

output "url" {
  description = "Queue URL."
  value       = "https://example/${var.name}"
}
