terraform {
  # No provider of its own: the bucket comes from modules/s3-bucket, which pins aws.
  required_version = ">= 1.11, < 2.0"
}
