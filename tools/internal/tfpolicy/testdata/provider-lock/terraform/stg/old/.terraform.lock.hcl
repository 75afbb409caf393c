provider "registry.terraform.io/hashicorp/aws" {
  version     = "6.50.0"
  constraints = "~> 6.50.0"
  hashes = [
    "zh:0000000000000000000000000000000000000000000000000000000000000000",
  ]
}
