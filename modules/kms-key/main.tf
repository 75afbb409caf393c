module "name" {
  source = "../naming"

  environment = var.environment
  service     = var.service
  component   = var.component
}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

data "aws_iam_policy_document" "key" {
  statement {
    # tfpolicy:allow iam-wildcard -- a key policy's Resource "*" means "this key", and the
    # account root must keep full control or the key becomes unmanageable.
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  dynamic "statement" {
    for_each = contains(var.service_principals, "logs") ? [1] : []

    content {
      # tfpolicy:allow iam-wildcard -- in a key policy Resource "*" means this key only.
      sid       = "CloudWatchLogsEncrypts"
      actions   = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = ["logs.${data.aws_region.current.region}.amazonaws.com"]
      }

      condition {
        test     = "ArnLike"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = ["arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:log-group:*"]
      }
    }
  }

  dynamic "statement" {
    for_each = contains(var.service_principals, "cloudwatch") ? [1] : []

    content {
      # CloudWatch alarms publish to SNS topics encrypted with this key: SNS asks KMS for a data
      # key on the publisher's behalf, so the alarm service needs GenerateDataKey* and Decrypt.
      # Source: https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
      # tfpolicy:allow iam-wildcard -- in a key policy Resource "*" means this key only.
      sid       = "CloudWatchAlarmsPublish"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = ["cloudwatch.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [data.aws_caller_identity.current.account_id]
      }
    }
  }

  dynamic "statement" {
    for_each = var.deny_ci_roles ? [1] : []

    content {
      # The CI roles (modules/github-oidc-role) never touch what this key protects: a pull
      # request's plan or a workflow cannot read data encrypted with it, whatever their IAM
      # policies say. An explicit deny in the key policy wins over any allow.
      # Source: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
      sid       = "CIRolesNeverUseTheKey"
      effect    = "Deny"
      actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = ["*"]
      }

      condition {
        test     = "ArnLike"
        variable = "aws:PrincipalArn"
        values   = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/${module.name.tags["Project"]}-${var.environment}-ci-*"]
      }
    }
  }
}

resource "aws_kms_key" "this" {
  description             = "${module.name.id}: encrypts ${var.component} of ${var.service}"
  deletion_window_in_days = var.deletion_window_in_days
  enable_key_rotation     = true
  policy                  = data.aws_iam_policy_document.key.json

  tags = module.name.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${module.name.id}"
  target_key_id = aws_kms_key.this.key_id
}
