terraform {
  required_version = ">= 1.10"
}

locals {
  map  = { a = "b" }
  old  = lookup(local.map, "a")
  fine = lookup(local.map, "a", "default")
}

output "all" {
  description = "All."
  value       = [local.old, local.fine]
}
