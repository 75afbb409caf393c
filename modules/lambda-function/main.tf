module "name" {
  source = "../naming"

  environment = var.environment
  service     = var.service
  component   = var.component
}

module "role_name" {
  source = "../naming"

  environment = var.environment
  service     = var.service
  component   = var.component
  attributes  = ["role"]
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${module.name.id}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn

  tags = module.name.tags
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = module.role_name.id
  assume_role_policy = data.aws_iam_policy_document.assume.json

  tags = module.role_name.tags
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:log-stream:*"]
  }

  statement {
    sid       = "ConsumeQueue"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
    resources = [var.sqs_queue_arn]
  }

  dynamic "statement" {
    for_each = var.policy_statements

    content {
      sid       = statement.value.sid
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}

resource "aws_iam_role_policy" "this" {
  name   = module.role_name.id
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}

locals {
  bootstrap_package = coalesce(var.bootstrap_package_path, "${path.module}/files/placeholder.zip")
}

# CreateFunction needs its package to exist in S3. On a fresh account nothing has published one
# yet, so terraform uploads a placeholder (files/placeholder.zip: a `bootstrap` that fails every
# invocation) and creates the function from it; `make deploy` publishes the real code later.
resource "aws_s3_object" "bootstrap_package" {
  bucket      = var.package_s3_bucket
  key         = var.package_s3_key
  source      = local.bootstrap_package
  source_hash = filemd5(local.bootstrap_package)

  tags = module.name.tags
}

resource "aws_lambda_function" "this" {
  function_name = module.name.id
  role          = aws_iam_role.this.arn
  runtime       = "provided.al2023"
  architectures = ["arm64"]
  handler       = "bootstrap"
  s3_bucket     = aws_s3_object.bootstrap_package.bucket
  s3_key        = aws_s3_object.bootstrap_package.key
  timeout       = var.timeout_seconds
  memory_size   = var.memory_size

  environment {
    variables = var.environment_variables
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  tags = module.name.tags

  lifecycle {
    # `make deploy SERVICE=mailer` publishes new code; terraform owns only the configuration.
    ignore_changes = [s3_key, s3_object_version, source_code_hash]
  }

  depends_on = [aws_iam_role_policy.this]
}

resource "aws_lambda_event_source_mapping" "this" {
  event_source_arn                   = var.sqs_queue_arn
  function_name                      = aws_lambda_function.this.arn
  batch_size                         = var.batch_size
  maximum_batching_window_in_seconds = var.maximum_batching_window_in_seconds
  function_response_types            = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.maximum_concurrency
  }
}
