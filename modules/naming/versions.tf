terraform {
  # Provider-free on purpose: names and tags are pure functions of the inputs, so this module
  # is tested offline with `terraform test` and `terraform apply` (tools/internal/moduletest).
  required_version = ">= 1.11, < 2.0"
}
