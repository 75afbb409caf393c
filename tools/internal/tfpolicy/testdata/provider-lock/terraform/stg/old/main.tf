# A root whose committed lock file pins another version.
terraform {
  required_version = ">= 1.11, < 2.0"

  backend "s3" {
    use_lockfile = true
  }

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.57.0"
    }
  }
}
