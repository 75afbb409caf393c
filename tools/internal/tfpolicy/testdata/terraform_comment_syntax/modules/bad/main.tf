terraform {
  required_version = ">= 1.10"
}

// A comment in C++ style.
locals {
  name = "x" # fine
  /* block comments are fine */
}

output "name" {
  description = "Name."
  value       = local.name // trailing
}
