terraform {
  required_version = ">= 1.11, < 2.0"

  # It reads aws data sources of its own (caller identity, region), so it names the provider
  # and the pin (AWS_PROVIDER_VERSION in mk/tf.mk) like every module that uses it.
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.57.0"
    }
  }
}
