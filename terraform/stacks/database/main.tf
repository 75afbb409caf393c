data "terraform_remote_state" "network" {
  backend = "s3"

  config = {
    bucket = var.state_bucket
    key    = "${var.environment}/network/terraform.tfstate"
    region = var.region
  }
}

# The shared stack (applied before this one): the logs key encrypts the exported PostgreSQL
# logs; the alarm topics receive the alarms (alarms.tf).
data "terraform_remote_state" "shared" {
  backend = "s3"

  config = {
    bucket = var.state_bucket
    key    = "${var.environment}/shared/terraform.tfstate"
    region = var.region
  }
}

module "client_name" {
  source = "../../../modules/naming"

  environment = var.environment
  service     = "todo-api"
  component   = "db-client"
}

# Services that may reach the database join this group; the database admits it. This keeps the
# database stack independent of the service stacks that are applied after it.
resource "aws_security_group" "client" {
  name        = module.client_name.id
  description = "Members may connect to the todos database"
  vpc_id      = data.terraform_remote_state.network.outputs.vpc_id

  tags = module.client_name.tags
}

# Members reach the database and nothing else through this group: their own groups carry no
# egress to the internet (modules/ecs-service).
resource "aws_vpc_security_group_egress_rule" "client_to_database" {
  security_group_id            = aws_security_group.client.id
  referenced_security_group_id = module.postgres.security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  description                  = "PostgreSQL to the todos database"

  tags = module.client_name.tags
}

module "postgres" {
  source = "../../../modules/rds-postgres"

  environment           = var.environment
  service               = "todo-api"
  database_name         = "tsumiki"
  instance_class        = var.instance_class
  multi_az              = var.multi_az
  backup_retention_days = var.backup_retention_days
  rpo_minutes           = 5
  protected             = var.protected
  vpc_id                = data.terraform_remote_state.network.outputs.vpc_id
  subnet_ids            = data.terraform_remote_state.network.outputs.private_subnet_ids
  log_kms_key_arn       = data.terraform_remote_state.shared.outputs.logs_kms_key_arn
  log_retention_days    = var.log_retention_days

  allowed_security_group_ids = {
    clients = aws_security_group.client.id
  }
}

# The one-time bootstrap (`make db/bootstrap ENV=...`, services/todo-api/migrations/bootstrap)
# runs as the master user in a one-off task of todo-api's task definition with this role as
# its task role: it reads the master password from RDS's secret when it connects. No service
# role and no task definition holds the master secret.
module "bootstrap_role_name" {
  source = "../../../modules/naming"

  environment = var.environment
  service     = "todo-api"
  component   = "db-bootstrap"
}

data "aws_iam_policy_document" "bootstrap_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "bootstrap" {
  name               = module.bootstrap_role_name.id
  assume_role_policy = data.aws_iam_policy_document.bootstrap_assume.json

  tags = module.bootstrap_role_name.tags
}

data "aws_iam_policy_document" "bootstrap" {
  statement {
    sid       = "ReadMasterPassword"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [module.postgres.master_user_secret_arn]
  }
}

resource "aws_iam_role_policy" "bootstrap" {
  name   = module.bootstrap_role_name.id
  role   = aws_iam_role.bootstrap.id
  policy = data.aws_iam_policy_document.bootstrap.json
}
