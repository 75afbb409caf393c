terraform {
  required_version = ">= 1.10"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.57.0"
    }
  }
}

locals {
  camelCase = "x"
}

data "aws_region" "Current" {}

resource "aws_sqs_queue" "my-queue" {
  name = "${local.camelCase}-${data.aws_region.Current.region}-${var.Unused_Input}"
}

module "Naming" {
  source = "../naming"
}
