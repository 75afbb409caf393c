# A root on an old constraint and without a committed lock file.
terraform {
  required_version = ">= 1.11, < 2.0"

  backend "s3" {
    use_lockfile = true
  }

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.41.0"
    }
  }
}
