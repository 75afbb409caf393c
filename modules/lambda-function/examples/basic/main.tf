module "queue" {
  source = "../../../sqs-queue"

  environment              = "stg"
  service                  = "mailer"
  consumer_timeout_seconds = 30
  protected                = false
}

module "function" {
  source = "../.."

  environment         = "stg"
  service             = "mailer"
  sqs_queue_arn       = module.queue.arn
  timeout_seconds     = 30
  maximum_concurrency = 5
  log_kms_key_arn     = "arn:aws:kms:ap-northeast-1:111111111111:key/00000000-0000-0000-0000-000000000000"
  package_s3_bucket   = "tsumiki-stg-mailer-artifacts"
  package_s3_key      = "mailer/bootstrap.zip"
}
