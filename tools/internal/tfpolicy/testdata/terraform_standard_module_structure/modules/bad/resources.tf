terraform {
  required_version = ">= 1.10"
}

variable "in_the_wrong_file" {
  type        = string
  description = "Declared outside variables.tf."
}

output "also_wrong" {
  description = "Declared outside outputs.tf."
  value       = var.in_the_wrong_file
}
