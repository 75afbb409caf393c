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

  # The names services/todo-batch (internal/config) and libs/mailer read. No password in the
  # URL: pgx takes it from PGPASSWORD, filled from the RDS-managed secret.
  environment_variables = {
    DATABASE_URL   = "postgres://tsumiki_admin@${data.terraform_remote_state.database.outputs.database_address}:${data.terraform_remote_state.database.outputs.database_port}/${data.terraform_remote_state.database.outputs.database_name}?sslmode=require"
    MAIL_QUEUE_URL = data.terraform_remote_state.mailer.outputs.queue_url
    MAIL_SENDERS   = "no-reply@${data.terraform_remote_state.shared.outputs.mail_domain}"
    EXPORT_BUCKET  = module.exports.id
    EXPORT_PREFIX  = "exports/"
  }

  secrets = {
    PGPASSWORD = "${data.terraform_remote_state.database.outputs.database_secret_arn}:password::"
  }

  task_policy_statements = [
    {
      sid       = "EnqueueMail"
      actions   = ["sqs:SendMessage"]
      resources = [data.terraform_remote_state.mailer.outputs.queue_arn]
    },
    {
      sid       = "WriteExports"
      actions   = ["s3:PutObject", "s3:GetObject"]
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
}
