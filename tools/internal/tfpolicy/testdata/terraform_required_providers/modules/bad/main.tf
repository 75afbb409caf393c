terraform {
  required_version = ">= 1.10"
  required_providers {
    aws = {
      version = "~> 6.57.0"
    }
    random = "~> 3.0"
    null = {
      source = "hashicorp/null"
    }
  }
}

provider "aws" {
  version = "~> 6.0"
}

resource "aws_sqs_queue" "this" {}

resource "random_id" "this" {
  byte_length = 4
}

resource "null_resource" "this" {}

resource "archive_file" "this" {}

data "terraform_remote_state" "x" {
  backend = "local"
}

output "all" {
  description = "All."
  value       = [aws_sqs_queue.this.id, random_id.this.id, null_resource.this.id, archive_file.this.id, data.terraform_remote_state.x.outputs]
}
