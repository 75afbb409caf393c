variable "protected" {
  type        = bool
  description = "Whether the bucket carries prevent_destroy."
}

resource "aws_s3_bucket" "this" {
  bucket = "example"
}
