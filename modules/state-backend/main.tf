# The state bucket is always protected, in every environment: losing it loses track of every
# resource. Locking uses S3 lock files (use_lockfile = true), so there is no DynamoDB table.
module "bucket" {
  source = "../s3-bucket"

  environment                        = var.environment
  service                            = "platform"
  component                          = "tfstate"
  protected                          = true
  noncurrent_version_expiration_days = 90
  # Who read or wrote which state, and when. The name is known at plan time (count in
  # modules/s3-bucket depends on it); depends_on makes the log bucket and its policy exist
  # before S3 is told to deliver there.
  access_log_bucket = module.log_bucket_name.id

  depends_on = [module.logs]
}

# The account's log bucket, created here because bootstrap comes before every stack: S3 server
# access logs (the state bucket's, the exports bucket's), the VPC's flow logs and the load
# balancers' access logs, each under a prefix its producer chooses (the policy allows each
# delivery service anywhere, limited to this account's sources), kept log_expiration_days. SSE-S3, because
# load balancers deliver access logs only into buckets with S3-managed keys
# (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html)
# and S3 server access logs cannot target a bucket whose default encryption is SSE-KMS
# (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
# Logs hold no user data and are not read by the CI roles.
data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

# The account Elastic Load Balancing writes access logs from in this region (regions opened
# before August 2022 use such an account rather than a service principal).
data "aws_elb_service_account" "current" {}

module "log_bucket_name" {
  source = "../naming"

  environment = var.environment
  service     = "platform"
  component   = "logs"
  max_length  = 63
}

locals {
  account_id = data.aws_caller_identity.current.account_id
  # The buckets that may deliver server access logs: this environment's, by name.
  log_source_buckets = "arn:${data.aws_partition.current.partition}:s3:::${module.log_bucket_name.tags["Project"]}-${var.environment}-*"
  log_delivery_conditions = [
    { test = "StringEquals", variable = "aws:SourceAccount", values = [local.account_id] },
    { test = "ArnLike", variable = "aws:SourceArn", values = ["arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.region}:${local.account_id}:*"] },
  ]
}

module "logs" {
  source = "../s3-bucket"

  environment                        = var.environment
  service                            = "platform"
  component                          = "logs"
  protected                          = true
  expiration_days                    = var.log_expiration_days
  noncurrent_version_expiration_days = 1

  policy_statements = [
    {
      # Source: https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
      sid            = "S3ServerAccessLogs"
      actions        = ["s3:PutObject"]
      resource_paths = ["*"]
      principals     = [{ type = "Service", identifiers = ["logging.s3.amazonaws.com"] }]
      conditions = [
        { test = "StringEquals", variable = "aws:SourceAccount", values = [local.account_id] },
        { test = "ArnLike", variable = "aws:SourceArn", values = [local.log_source_buckets] },
      ]
    },
    {
      # Source: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
      sid            = "LoadBalancerAccessLogs"
      actions        = ["s3:PutObject"]
      resource_paths = ["*/AWSLogs/${local.account_id}/*"]
      principals     = [{ type = "AWS", identifiers = [data.aws_elb_service_account.current.arn] }]
    },
    {
      # Source: https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html
      sid            = "FlowLogsAclCheck"
      actions        = ["s3:GetBucketAcl"]
      resource_paths = [""]
      principals     = [{ type = "Service", identifiers = ["delivery.logs.amazonaws.com"] }]
      conditions     = local.log_delivery_conditions
    },
    {
      sid            = "FlowLogsWrite"
      actions        = ["s3:PutObject"]
      resource_paths = ["*/AWSLogs/${local.account_id}/*"]
      principals     = [{ type = "Service", identifiers = ["delivery.logs.amazonaws.com"] }]
      conditions     = local.log_delivery_conditions
    },
  ]
}
