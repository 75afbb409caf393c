module "name" {
  source = "../naming"

  environment = var.environment
  service     = var.service
  component   = var.component
  max_length  = 255
}

locals {
  table = {
    name        = module.name.id
    hash_key    = var.hash_key
    range_key   = var.range_key
    attributes  = var.attributes
    kms_key_arn = var.kms_key_arn
    ttl         = var.ttl_attribute
  }
}

# prevent_destroy must be a literal: see modules/s3-bucket for the protected/unprotected pair.
resource "aws_dynamodb_table" "protected" {
  count = var.protected ? 1 : 0

  name                        = module.name.id
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = local.table.hash_key
  range_key                   = local.table.range_key
  deletion_protection_enabled = true

  dynamic "attribute" {
    for_each = local.table.attributes

    content {
      name = attribute.value.name
      type = attribute.value.type
    }
  }

  # attribute_name must not be set when TTL is off, so the block exists only when it is on.
  dynamic "ttl" {
    for_each = local.table.ttl == null ? [] : [local.table.ttl]

    content {
      attribute_name = ttl.value
      enabled        = true
    }
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = local.table.kms_key_arn
  }

  tags = module.name.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_dynamodb_table" "unprotected" {
  count = var.protected ? 0 : 1

  name                        = module.name.id
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = local.table.hash_key
  range_key                   = local.table.range_key
  deletion_protection_enabled = false

  dynamic "attribute" {
    for_each = local.table.attributes

    content {
      name = attribute.value.name
      type = attribute.value.type
    }
  }

  # attribute_name must not be set when TTL is off, so the block exists only when it is on.
  dynamic "ttl" {
    for_each = local.table.ttl == null ? [] : [local.table.ttl]

    content {
      attribute_name = ttl.value
      enabled        = true
    }
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = local.table.kms_key_arn
  }

  tags = module.name.tags
}
