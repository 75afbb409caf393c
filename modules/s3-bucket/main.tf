module "name" {
  source = "../naming"

  environment = var.environment
  service     = var.service
  component   = var.component
  max_length  = 63
}

# prevent_destroy must be a literal, so the bucket exists as one of two resources chosen by
# var.protected: "protected" carries prevent_destroy, "unprotected" does not. An environment
# never switches between them (that would be a rename; see README).
resource "aws_s3_bucket" "protected" {
  count = var.protected ? 1 : 0

  bucket = module.name.id
  tags   = module.name.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket" "unprotected" {
  count = var.protected ? 0 : 1

  bucket = module.name.id
  tags   = module.name.tags
}

locals {
  bucket_id  = one(concat(aws_s3_bucket.protected[*].id, aws_s3_bucket.unprotected[*].id))
  bucket_arn = one(concat(aws_s3_bucket.protected[*].arn, aws_s3_bucket.unprotected[*].arn))
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = local.bucket_id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = local.bucket_id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = local.bucket_id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = local.bucket_id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = var.kms_key_arn != null
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = local.bucket_id

  rule {
    id     = "housekeeping"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }

    dynamic "expiration" {
      for_each = var.expiration_days == null ? [] : [var.expiration_days]

      content {
        days = expiration.value
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

# Server access logs: every request against the bucket, delivered by S3 (best effort, within
# hours) to the log bucket, under a prefix per bucket with date partitions.
resource "aws_s3_bucket_logging" "this" {
  count = var.access_log_bucket == null ? 0 : 1

  bucket        = local.bucket_id
  target_bucket = var.access_log_bucket
  target_prefix = "s3-access-logs/${local.bucket_id}/"

  target_object_key_format {
    partitioned_prefix {
      partition_date_source = "EventTime"
    }
  }
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arn, "${local.bucket_arn}/*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  dynamic "statement" {
    for_each = var.policy_statements

    content {
      sid     = statement.value.sid
      effect  = statement.value.effect
      actions = statement.value.actions
      # Object paths are relative to the bucket: "" is the bucket itself, "exports/*" its objects.
      resources = [for p in statement.value.resource_paths : p == "" ? local.bucket_arn : "${local.bucket_arn}/${p}"]

      dynamic "principals" {
        for_each = statement.value.principals

        content {
          type        = principals.value.type
          identifiers = principals.value.identifiers
        }
      }

      dynamic "condition" {
        for_each = statement.value.conditions

        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = local.bucket_id
  policy = data.aws_iam_policy_document.this.json

  depends_on = [aws_s3_bucket_public_access_block.this]
}
