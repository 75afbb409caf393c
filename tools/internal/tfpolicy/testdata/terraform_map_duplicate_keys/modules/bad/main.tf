terraform {
  required_version = ">= 1.10"
}

locals {
  key = "b"
  map = {
    a           = 1
    "a"         = 2
    b           = 3
    (local.key) = 4
    (var.key)   = 5
  }
}

output "map" {
  description = "Map."
  value       = local.map
}
