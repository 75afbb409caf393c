terraform {
  required_version = ">= 1.10"
}

locals {
  name = "x"
  # terraform fmt unwraps an attribute's whole value, not one inside a list.
  wrapped = ["${local.name}"]
  fine    = "${local.name}-y"
}

output "all" {
  description = "All."
  value       = [local.wrapped, local.fine]
}
