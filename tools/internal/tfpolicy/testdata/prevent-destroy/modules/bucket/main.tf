variable "protected" {
  type        = bool
  description = "Whether the bucket carries prevent_destroy."
}

resource "aws_s3_bucket" "this" {
  bucket = "example"
}

# A pair whose protected half lacks prevent_destroy protects nothing.
resource "aws_sqs_queue" "dead_letter_protected" {
  count = var.protected ? 1 : 0
  name  = "example-dlq"
}

resource "aws_sqs_queue" "dead_letter_unprotected" {
  count = var.protected ? 0 : 1
  name  = "example-dlq"
}
