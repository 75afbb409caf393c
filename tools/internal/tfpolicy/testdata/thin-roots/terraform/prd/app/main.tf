terraform {
  backend "s3" {
    use_lockfile = true
  }
}

# Code in a root: prd would differ from stg by more than data.
resource "aws_sqs_queue" "hotfix" {
  name = "hotfix"
}
