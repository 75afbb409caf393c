# The state bucket is always protected, in every environment: losing it loses track of every
# resource. Locking uses S3 lock files (use_lockfile = true), so there is no DynamoDB table.
module "bucket" {
  source = "../s3-bucket"

  environment                        = var.environment
  service                            = "platform"
  component                          = "tfstate"
  protected                          = true
  noncurrent_version_expiration_days = 90
}
