terraform {
  # Provider-free on purpose: names and tags are pure functions of the inputs, so this module
  # is tested offline with `terraform test` and terratest.
  required_version = ">= 1.11, < 2.0"
}
