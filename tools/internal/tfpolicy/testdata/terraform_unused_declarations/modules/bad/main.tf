terraform {
  required_version = ">= 1.10"
  required_providers {
    aws = {
      source                = "hashicorp/aws"
      version               = "~> 6.57.0"
      configuration_aliases = [aws.west]
    }
  }
}

provider "aws" {
  alias  = "east"
  region = "us-east-1"
}

locals {
  used   = "x"
  unused = "y"
}

data "aws_region" "unused" {}

data "aws_region" "used" {
  provider = aws.west
}

resource "aws_sqs_queue" "this" {
  name = "${local.used}-${var.used}-${data.aws_region.used.region}"
}
