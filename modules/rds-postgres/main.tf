module "name" {
  source = "../naming"

  environment = var.environment
  service     = var.service
  component   = var.component
  max_length  = 63
}

module "final_snapshot_name" {
  source = "../naming"

  environment = var.environment
  service     = var.service
  component   = var.component
  attributes  = ["final"]
  max_length  = 255
}

resource "aws_db_subnet_group" "this" {
  name       = module.name.id
  subnet_ids = var.subnet_ids

  tags = module.name.tags
}

# The family follows the major version, so a major upgrade replaces the group: the new one must
# exist before the instance moves to it, and a fixed name would collide with the old one
# (create_before_destroy), hence name_prefix: <name>-<26 characters terraform generates>.
resource "aws_db_parameter_group" "this" {
  name_prefix = "${module.name.id}-"
  family      = "postgres${split(".", var.engine_version)[0]}"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "500"
  }

  tags = module.name.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "this" {
  name        = module.name.id
  description = "PostgreSQL ${module.name.id}: only the listed security groups may connect"
  vpc_id      = var.vpc_id

  tags = module.name.tags
}

resource "aws_vpc_security_group_ingress_rule" "postgres" {
  for_each = var.allowed_security_group_ids

  security_group_id            = aws_security_group.this.id
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  description                  = "PostgreSQL from ${each.key}"

  tags = module.name.tags
}

# RDS writes exported logs to /aws/rds/instance/<identifier>/<log type> and creates the group
# itself, without retention or encryption, when it does not exist; created here first, the
# groups keep log_retention_days and are encrypted with the logs key. Source:
# https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html
resource "aws_cloudwatch_log_group" "this" {
  for_each = toset(var.log_exports)

  name              = "/aws/rds/instance/${module.name.id}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn

  tags = module.name.tags
}

locals {
  # Everything both instance variants share, so they cannot drift apart.
  instance = {
    identifier              = module.name.id
    engine_version          = var.engine_version
    instance_class          = var.instance_class
    allocated_storage       = var.allocated_storage_gb
    max_allocated_storage   = var.max_allocated_storage_gb
    db_name                 = var.database_name
    username                = var.master_username
    multi_az                = var.multi_az
    kms_key_id              = var.kms_key_arn
    backup_retention_period = var.backup_retention_days
    # The PostgreSQL log (errors, and statements slower than log_min_duration_statement) and
    # the major-upgrade log, exported to CloudWatch Logs.
    log_exports = sort([for k, g in aws_cloudwatch_log_group.this : k])
  }
}

# prevent_destroy must be a literal: see modules/s3-bucket for the protected/unprotected pair.
resource "aws_db_instance" "protected" {
  count = var.protected ? 1 : 0

  identifier                          = local.instance.identifier
  engine                              = "postgres"
  engine_version                      = local.instance.engine_version
  instance_class                      = local.instance.instance_class
  allocated_storage                   = local.instance.allocated_storage
  max_allocated_storage               = local.instance.max_allocated_storage
  storage_type                        = "gp3"
  storage_encrypted                   = true
  kms_key_id                          = local.instance.kms_key_id
  db_name                             = local.instance.db_name
  username                            = local.instance.username
  manage_master_user_password         = true
  iam_database_authentication_enabled = true
  multi_az                            = local.instance.multi_az
  db_subnet_group_name                = aws_db_subnet_group.this.name
  vpc_security_group_ids              = [aws_security_group.this.id]
  parameter_group_name                = aws_db_parameter_group.this.name
  publicly_accessible                 = false
  backup_retention_period             = local.instance.backup_retention_period
  backup_window                       = "17:00-17:30"
  maintenance_window                  = "sun:18:00-sun:19:00"
  copy_tags_to_snapshot               = true
  auto_minor_version_upgrade          = true
  enabled_cloudwatch_logs_exports     = local.instance.log_exports
  # engine_version names a major version; changing it (with the parameter group's family) is a
  # major upgrade, which RDS refuses unless allowed.
  allow_major_version_upgrade = true
  deletion_protection         = true
  skip_final_snapshot         = false
  final_snapshot_identifier   = module.final_snapshot_name.id

  tags = module.name.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_db_instance" "unprotected" {
  count = var.protected ? 0 : 1

  identifier                          = local.instance.identifier
  engine                              = "postgres"
  engine_version                      = local.instance.engine_version
  instance_class                      = local.instance.instance_class
  allocated_storage                   = local.instance.allocated_storage
  max_allocated_storage               = local.instance.max_allocated_storage
  storage_type                        = "gp3"
  storage_encrypted                   = true
  kms_key_id                          = local.instance.kms_key_id
  db_name                             = local.instance.db_name
  username                            = local.instance.username
  manage_master_user_password         = true
  iam_database_authentication_enabled = true
  multi_az                            = local.instance.multi_az
  db_subnet_group_name                = aws_db_subnet_group.this.name
  vpc_security_group_ids              = [aws_security_group.this.id]
  parameter_group_name                = aws_db_parameter_group.this.name
  publicly_accessible                 = false
  backup_retention_period             = local.instance.backup_retention_period
  backup_window                       = "17:00-17:30"
  maintenance_window                  = "sun:18:00-sun:19:00"
  copy_tags_to_snapshot               = true
  auto_minor_version_upgrade          = true
  enabled_cloudwatch_logs_exports     = local.instance.log_exports
  # engine_version names a major version; changing it (with the parameter group's family) is a
  # major upgrade, which RDS refuses unless allowed.
  allow_major_version_upgrade = true
  # Staging data is disposable (design-docs/todo-api.md): backups only, no deletion protection.
  deletion_protection = false
  skip_final_snapshot = true

  tags = module.name.tags
}

locals {
  db = one(concat(aws_db_instance.protected, aws_db_instance.unprotected))
}
