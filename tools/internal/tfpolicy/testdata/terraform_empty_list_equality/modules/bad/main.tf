terraform {
  required_version = ">= 1.10"
}

locals {
  list  = ["a"]
  empty = local.list == []
  full  = [] != local.list
  fine  = length(local.list) == 0
}

output "all" {
  description = "All."
  value       = [local.empty, local.full, local.fine]
}
