terraform {
  required_version = ">= 1.10"
}

locals {
  map = {
    a   = 1
    "a" = 2
    b   = 3
  }
}

output "map" {
  description = "Map."
  value       = local.map
}
