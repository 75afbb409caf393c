data "terraform_remote_state" "network" {
  backend = "s3"

  config = {
    bucket = var.state_bucket
    key    = "${var.environment}/network/terraform.tfstate"
    region = var.region
  }
}

data "terraform_remote_state" "shared" {
  backend = "s3"

  config = {
    bucket = var.state_bucket
    key    = "${var.environment}/shared/terraform.tfstate"
    region = var.region
  }
}

data "terraform_remote_state" "database" {
  backend = "s3"

  config = {
    bucket = var.state_bucket
    key    = "${var.environment}/database/terraform.tfstate"
    region = var.region
  }
}

data "terraform_remote_state" "mailer" {
  backend = "s3"

  config = {
    bucket = var.state_bucket
    key    = "${var.environment}/mailer/terraform.tfstate"
    region = var.region
  }
}

# rds-db:connect names one database user of one instance by its resource ID
# (docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.IAMPolicy.html).
data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

# Exports hold users' todos: encrypted with a key of their own whose policy denies the CI roles,
# so no pull request's plan or workflow can read them (issue 12 item 13). The worker's task
# role is the one principal granted its use.
module "exports_key" {
  source = "../../../modules/kms-key"

  environment        = var.environment
  service            = "todo-batch"
  component          = "exports"
  service_principals = []
  deny_ci_roles      = true
}

module "exports" {
  source = "../../../modules/s3-bucket"

  environment     = var.environment
  service         = "todo-batch"
  component       = "exports"
  protected       = var.protected
  expiration_days = var.exports_expiration_days
  kms_key_arn     = module.exports_key.arn
  # Who read or wrote which export, and when (S3 server access logs, account log bucket).
  access_log_bucket = var.log_bucket
}

module "worker" {
  source = "../../../modules/ecs-service"

  environment                   = var.environment
  service                       = "todo-batch"
  component                     = "worker"
  cluster_arn                   = data.terraform_remote_state.shared.outputs.ecs_cluster_arn
  image                         = "${data.terraform_remote_state.shared.outputs.ecr_repository_urls["todo-batch"]}:${var.image_tag}"
  command                       = ["worker"]
  cpu                           = var.cpu
  memory                        = var.memory
  desired_count                 = var.worker_count
  min_count                     = var.worker_count
  max_count                     = var.worker_count
  vpc_id                        = data.terraform_remote_state.network.outputs.vpc_id
  subnet_ids                    = data.terraform_remote_state.network.outputs.private_subnet_ids
  additional_security_group_ids = [data.terraform_remote_state.database.outputs.client_security_group_id]
  log_kms_key_arn               = data.terraform_remote_state.shared.outputs.logs_kms_key_arn
  endpoints_security_group_id   = data.terraform_remote_state.network.outputs.endpoints_security_group_id
  # Literal keys (known at plan), values from the network stack.
  gateway_endpoint_prefix_list_ids = {
    s3 = data.terraform_remote_state.network.outputs.gateway_endpoint_prefix_list_ids["s3"]
  }

  # The names services/todo-batch (internal/config) and libs/mailer read.
  environment_variables = {
    MAIL_QUEUE_URL = data.terraform_remote_state.mailer.outputs.queue_url
    MAIL_SENDERS   = "no-reply@${data.terraform_remote_state.shared.outputs.mail_domain}"
    EXPORT_BUCKET  = module.exports.id
    EXPORT_PREFIX  = "exports/"
    # The Environment dimension of its CloudWatch metrics (observability.yaml).
    TSUMIKI_ENV = var.environment

    # IAM database authentication (libs/kit/postgres): a fresh token per connection, signed with
    # the task role, over TLS verify-full against the RDS CA bundle the image carries. The
    # migrate task logs in as todo_migrator (make deploy overrides DATABASE_USER).
    AWS_REGION       = data.aws_region.current.region
    DATABASE_HOST    = data.terraform_remote_state.database.outputs.database_address
    DATABASE_PORT    = tostring(data.terraform_remote_state.database.outputs.database_port)
    DATABASE_NAME    = data.terraform_remote_state.database.outputs.database_name
    DATABASE_USER    = "todo_app"
    DATABASE_CA_FILE = "/etc/ssl/certs/rds-global-bundle.pem"
  }

  task_policy_statements = [
    {
      sid       = "ConnectAsApp"
      actions   = ["rds-db:connect"]
      resources = ["arn:aws:rds-db:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:dbuser:${data.terraform_remote_state.database.outputs.database_resource_id}/todo_app"]
    },
    {
      sid       = "EnqueueMail"
      actions   = ["sqs:SendMessage"]
      resources = [data.terraform_remote_state.mailer.outputs.queue_arn]
    },
    {
      sid = "WriteExports"
      # Exports stream as multipart uploads (CreateMultipartUpload, UploadPart and
      # CompleteMultipartUpload are authorised by s3:PutObject); a failed one is aborted, which
      # needs s3:AbortMultipartUpload. Source:
      # https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions
      actions   = ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"]
      resources = ["${module.exports.arn}/exports/*"]
    },
    {
      # SSE-KMS: writing needs a data key, reading (and multipart uploads) a decryption.
      # Source: https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
      sid       = "EncryptExports"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [module.exports_key.arn]
    },
  ]

  migration_task_policy_statements = [
    {
      sid       = "ConnectAsMigrator"
      actions   = ["rds-db:connect"]
      resources = ["arn:aws:rds-db:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:dbuser:${data.terraform_remote_state.database.outputs.database_resource_id}/todo_migrator"]
    },
  ]
}
