data "terraform_remote_state" "shared" {
  backend = "s3"

  config = {
    bucket = var.state_bucket
    key    = "${var.environment}/shared/terraform.tfstate"
    region = var.region
  }
}

module "queue" {
  source = "../../../modules/sqs-queue"

  environment              = var.environment
  service                  = "mailer"
  consumer_timeout_seconds = var.timeout_seconds
  max_receive_count        = var.max_receive_count
  protected                = var.protected
}

module "idempotency" {
  source = "../../../modules/dynamodb-table"

  environment   = var.environment
  service       = "mailer"
  component     = "idempotency"
  hash_key      = "id"
  attributes    = [{ name = "id", type = "S" }]
  ttl_attribute = "ttl"
  protected     = var.protected
}

module "function" {
  source = "../../../modules/lambda-function"

  environment         = var.environment
  service             = "mailer"
  sqs_queue_arn       = module.queue.arn
  timeout_seconds     = var.timeout_seconds
  maximum_concurrency = var.maximum_concurrency
  log_kms_key_arn     = data.terraform_remote_state.shared.outputs.logs_kms_key_arn
  package_s3_bucket   = data.terraform_remote_state.shared.outputs.artifacts_bucket_name
  package_s3_key      = var.package_s3_key

  # The names services/mailer reads (cmd/mailer/config.go).
  environment_variables = {
    MAIL_DLQ_URL               = module.queue.dead_letter_url
    MAIL_IDEMPOTENCY_TABLE     = module.idempotency.name
    MAIL_SES_CONFIGURATION_SET = data.terraform_remote_state.shared.outputs.mail_configuration_set_name
    MAIL_SENDERS               = "no-reply@${data.terraform_remote_state.shared.outputs.mail_domain}"
    # Each concurrent invocation paces itself, so together they stay within the SES quota.
    MAIL_SEND_RATE_PER_SECOND = tostring(var.ses_send_quota_per_second / var.maximum_concurrency)
    # Batches from this queue are SES events (ses_events.tf); unset, the handler would read
    # them as malformed mail.
    MAIL_EVENTS_QUEUE_ARN = module.ses_events_queue.arn
    # The Environment dimension of its CloudWatch metrics (observability.yaml).
    TSUMIKI_ENV = var.environment
  }

  policy_statements = [
    {
      # SES authorises a send on the identity and on the configuration set the mail names
      # (MAIL_SES_CONFIGURATION_SET); with only the identity every send is denied. Source:
      # https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsimpleemailservicev2.html (SendEmail)
      sid     = "SendMail"
      actions = ["ses:SendEmail"]
      resources = [
        data.terraform_remote_state.shared.outputs.mail_identity_arn,
        data.terraform_remote_state.shared.outputs.mail_configuration_set_arn,
      ]
    },
    {
      sid       = "RecordSentMail"
      actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
      resources = [module.idempotency.arn]
    },
    {
      sid       = "DeadLetterMalformed"
      actions   = ["sqs:SendMessage"]
      resources = [module.queue.dead_letter_arn]
    },
    {
      # The second event source mapping (ses_events.tf) polls the events queue with the
      # function's role, as the module's own mapping polls the mail queue.
      sid       = "ConsumeSESEvents"
      actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
      resources = [module.ses_events_queue.arn]
    },
    {
      # tfpolicy:allow iam-wildcard -- the account-level suppression list has no ARN: SES
      # v2's suppression actions support no resource-level permissions, so IAM takes only "*".
      # Source: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsimpleemailservicev2.html
      sid       = "SuppressionList"
      actions   = ["ses:GetSuppressedDestination", "ses:PutSuppressedDestination"]
      resources = ["*"]
    },
  ]
}
