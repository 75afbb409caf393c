terraform {
  required_version = ">= 1.10"
}

locals {
  list    = [{ id = "a" }]
  first   = local.list.0
  ids     = local.list.*.id
  fine    = local.list[0]
  splat   = local.list[*].id
  nested  = local.list[0].id
  by_name = { a = "b" }.a
}

output "all" {
  description = "All."
  value       = [local.first, local.ids, local.fine, local.splat, local.nested, local.by_name]
}
