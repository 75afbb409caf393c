variable "service" {
  type        = string
  description = "Service."
}

variable "environment" {
  type        = string
  description = "Environment."
}
