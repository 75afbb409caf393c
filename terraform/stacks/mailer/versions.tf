terraform {
  # No aws resource of its own here: the modules it calls pin the provider.
  required_version = ">= 1.11, < 2.0"
}
