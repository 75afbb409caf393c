terraform {
  required_version = ">= 1.10"
}

output "all" {
  description = "All."
  value       = [var.none, var.empty]
}
