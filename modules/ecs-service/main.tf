module "name" {
  source = "../naming"

  environment = var.environment
  service     = var.service
  component   = var.component
  max_length  = 255
}

module "task_role_name" {
  source = "../naming"

  environment = var.environment
  service     = var.service
  component   = var.component
  attributes  = ["task"]
}

module "execution_role_name" {
  source = "../naming"

  environment = var.environment
  service     = var.service
  component   = var.component
  attributes  = ["execution"]
}

module "migration_role_name" {
  source = "../naming"

  environment = var.environment
  service     = var.service
  component   = var.component
  attributes  = ["migration"]
}

module "target_group_name" {
  source = "../naming"

  environment = var.environment
  service     = var.service
  component   = var.component
  max_length  = 32
}

data "aws_region" "current" {}

locals {
  # A literal input, not listener_arn != null: the listener's ARN is unknown until it exists, and
  # count must be known at plan time ("Invalid count argument" on a fresh account otherwise).
  with_load_balancer = var.load_balanced
  # ECS sends SIGTERM and kills the container stop_timeout seconds later; the services drain
  # within 25 s (DESIGN.md), so 30 s leaves them room to exit 0.
  stop_timeout_seconds = 30
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${module.name.id}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn

  tags = module.name.tags
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# Two roles on purpose: the execution role is what ECS uses to pull the image, write logs and
# read secrets at start; the task role is what the application's code may do.
resource "aws_iam_role" "execution" {
  name               = module.execution_role_name.id
  assume_role_policy = data.aws_iam_policy_document.assume.json

  tags = module.execution_role_name.tags
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

locals {
  # A valueFrom may name a JSON key, version stage or version of a Secrets Manager secret
  # (<secret arn>:<json-key>:<version-stage>:<version-id>), but IAM authorises GetSecretValue on
  # the secret's own ARN, its first seven colon-separated fields: granting the longer form grants
  # nothing and tasks fail to start. Sources:
  # https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
  # https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-app-secrets-manager.html
  secret_arns = sort(distinct([
    for v in values(var.secrets) : join(":", slice(split(":", v), 0, 7)) if try(split(":", v)[2], "") == "secretsmanager"
  ]))
  # Parameter Store parameters are read with ssm:GetParameters on the parameter's ARN.
  parameter_arns = sort(distinct([for v in values(var.secrets) : v if try(split(":", v)[2], "") == "ssm"]))
}

data "aws_iam_policy_document" "execution_secrets" {
  count = length(var.secrets) > 0 ? 1 : 0

  dynamic "statement" {
    for_each = length(local.secret_arns) > 0 ? [1] : []

    content {
      sid       = "ReadStartupSecrets"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = local.secret_arns
    }
  }

  dynamic "statement" {
    for_each = length(local.parameter_arns) > 0 ? [1] : []

    content {
      sid       = "ReadStartupParameters"
      actions   = ["ssm:GetParameters"]
      resources = local.parameter_arns
    }
  }
}

resource "aws_iam_role_policy" "execution_secrets" {
  count = length(var.secrets) > 0 ? 1 : 0

  name   = module.execution_role_name.id
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution_secrets[0].json
}

resource "aws_iam_role" "task" {
  name               = module.task_role_name.id
  assume_role_policy = data.aws_iam_policy_document.assume.json

  tags = module.task_role_name.tags
}

data "aws_iam_policy_document" "task" {
  count = length(var.task_policy_statements) > 0 ? 1 : 0

  dynamic "statement" {
    for_each = var.task_policy_statements

    content {
      sid       = statement.value.sid
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}

resource "aws_iam_role_policy" "task" {
  count = length(var.task_policy_statements) > 0 ? 1 : 0

  name   = module.task_role_name.id
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task[0].json
}

# The one-off `migrate up` task of `make deploy` runs this service's task definition with this
# role as its task role (RunTask's taskRoleArn override): the migrator's database login stays
# out of the running service's role, and the service's permissions out of the migration.
resource "aws_iam_role" "migration" {
  count = length(var.migration_task_policy_statements) > 0 ? 1 : 0

  name               = module.migration_role_name.id
  assume_role_policy = data.aws_iam_policy_document.assume.json

  tags = module.migration_role_name.tags
}

data "aws_iam_policy_document" "migration" {
  count = length(var.migration_task_policy_statements) > 0 ? 1 : 0

  dynamic "statement" {
    for_each = var.migration_task_policy_statements

    content {
      sid       = statement.value.sid
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}

resource "aws_iam_role_policy" "migration" {
  count = length(var.migration_task_policy_statements) > 0 ? 1 : 0

  name   = module.migration_role_name.id
  role   = aws_iam_role.migration[0].id
  policy = data.aws_iam_policy_document.migration[0].json
}

resource "aws_ecs_task_definition" "this" {
  family                   = module.name.id
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "ARM64"
  }

  container_definitions = jsonencode([{
    name                   = var.service
    image                  = var.image
    essential              = true
    command                = var.command
    stopTimeout            = local.stop_timeout_seconds
    readonlyRootFilesystem = true
    portMappings           = var.container_port == null ? [] : [{ containerPort = var.container_port, protocol = "tcp" }]
    environment            = [for k in sort(keys(var.environment_variables)) : { name = k, value = var.environment_variables[k] }]
    secrets                = [for k in sort(keys(var.secrets)) : { name = k, valueFrom = var.secrets[k] }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this.name
        awslogs-region        = data.aws_region.current.region
        awslogs-stream-prefix = var.service
      }
    }
  }])

  tags = module.name.tags
}

resource "aws_security_group" "this" {
  name        = module.name.id
  description = "ECS service ${module.name.id}"
  vpc_id      = var.vpc_id

  tags = module.name.tags
}

resource "aws_vpc_security_group_ingress_rule" "from_load_balancer" {
  count = local.with_load_balancer ? 1 : 0

  security_group_id            = aws_security_group.this.id
  referenced_security_group_id = var.load_balancer_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
  description                  = "Traffic from the load balancer"

  tags = module.name.tags
}

# No egress to the internet: the tasks reach AWS through the VPC endpoints (HTTPS to the
# interface endpoints' group and to the S3 and DynamoDB gateway prefix lists: image layers,
# exports) and PostgreSQL through the database stack's client group, which they join.
resource "aws_vpc_security_group_egress_rule" "https_to_interface_endpoints" {
  security_group_id            = aws_security_group.this.id
  referenced_security_group_id = var.endpoints_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  description                  = "HTTPS to the interface VPC endpoints (ECR, logs, SQS, Secrets Manager, STS)"

  tags = module.name.tags
}

resource "aws_vpc_security_group_egress_rule" "https_to_gateway_endpoints" {
  for_each = var.gateway_endpoint_prefix_list_ids

  security_group_id = aws_security_group.this.id
  prefix_list_id    = each.value
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "HTTPS to ${each.key} through its gateway VPC endpoint"

  tags = module.name.tags
}

resource "aws_lb_target_group" "this" {
  count = local.with_load_balancer ? 1 : 0

  # A new port, protocol or VPC replaces the group while the listener rule still forwards to
  # it: the new one is created first (create_before_destroy), so the name cannot be fixed.
  # Target groups take a name_prefix of at most 6 characters (elbv2 validTargetGroupNamePrefix;
  # names are 32): the naming module's name starts it, the tags say whose group it is.
  name_prefix = substr(module.target_group_name.id, 0, 6)
  vpc_id      = var.vpc_id
  port        = var.container_port
  protocol    = "HTTP"
  target_type = "ip"
  # Shorter than the 25 s drain: the load balancer stops sending new requests first.
  deregistration_delay = 20

  health_check {
    path                = var.health_check_path
    matcher             = "200"
    interval            = 10
    healthy_threshold   = 2
    unhealthy_threshold = 2
  }

  tags = module.target_group_name.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_listener_rule" "this" {
  count = local.with_load_balancer ? 1 : 0

  listener_arn = var.listener_arn
  priority     = var.listener_rule_priority

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[0].arn
  }

  condition {
    path_pattern {
      values = var.path_patterns
    }
  }

  tags = module.name.tags
}

resource "aws_ecs_service" "this" {
  name                   = module.name.id
  cluster                = var.cluster_arn
  task_definition        = aws_ecs_task_definition.this.arn
  desired_count          = var.desired_count
  launch_type            = "FARGATE"
  propagate_tags         = "SERVICE"
  enable_execute_command = false

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = concat([aws_security_group.this.id], var.additional_security_group_ids)
    assign_public_ip = var.assign_public_ip
  }

  dynamic "load_balancer" {
    for_each = local.with_load_balancer ? [1] : []

    content {
      target_group_arn = aws_lb_target_group.this[0].arn
      container_name   = var.service
      container_port   = var.container_port
    }
  }

  tags = module.name.tags

  lifecycle {
    # Autoscaling owns the running count; `make deploy` owns the running task definition
    # revision (it registers one per image and rolls the service onto it), so an apply must
    # not roll the service back to the revision terraform registered.
    ignore_changes = [desired_count, task_definition]
  }

  depends_on = [aws_lb_listener_rule.this]
}

resource "aws_appautoscaling_target" "this" {
  service_namespace  = "ecs"
  resource_id        = "service/${split("/", var.cluster_arn)[1]}/${aws_ecs_service.this.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.min_count
  max_capacity       = var.max_count

  tags = module.name.tags
}

resource "aws_appautoscaling_policy" "cpu" {
  name               = module.name.id
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  resource_id        = aws_appautoscaling_target.this.resource_id
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension
  policy_type        = "TargetTrackingScaling"

  target_tracking_scaling_policy_configuration {
    target_value = var.target_cpu_percent

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
