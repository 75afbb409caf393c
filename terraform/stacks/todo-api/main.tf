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

module "lb_name" {
  source = "../../../modules/naming"

  environment = var.environment
  service     = "todo-api"
  component   = "lb"
  max_length  = 32
}

resource "aws_security_group" "lb" {
  name        = module.lb_name.id
  description = "todo-api load balancer: HTTPS from the internet"
  vpc_id      = data.terraform_remote_state.network.outputs.vpc_id

  tags = module.lb_name.tags
}

# trivy:ignore:AVD-AWS-0107 the public API's load balancer takes HTTPS from anywhere by design
resource "aws_vpc_security_group_ingress_rule" "lb_https" {
  # tfpolicy:allow open-cidr -- the public API: clients connect from anywhere, HTTPS only
  # (TLS 1.2+ policy); tasks behind it accept traffic only from this load balancer's group.
  security_group_id = aws_security_group.lb.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "HTTPS from API clients"

  tags = module.lb_name.tags
}

resource "aws_vpc_security_group_egress_rule" "lb_to_vpc" {
  security_group_id = aws_security_group.lb.id
  cidr_ipv4         = data.terraform_remote_state.network.outputs.vpc_cidr_block
  ip_protocol       = "tcp"
  from_port         = 8080
  to_port           = 8080
  description       = "To the API tasks"

  tags = module.lb_name.tags
}

# trivy:ignore:AVD-AWS-0053 internet-facing on purpose: it is the public API's entry point
resource "aws_lb" "this" {
  name                       = module.lb_name.id
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = data.terraform_remote_state.network.outputs.public_subnet_ids
  security_groups            = [aws_security_group.lb.id]
  drop_invalid_header_fields = true
  enable_deletion_protection = var.load_balancer_deletion_protection

  # Every request, to the account's log bucket (SSE-S3, which ALB access logs require; its
  # policy admits the region's Elastic Load Balancing account and its lifecycle expires them).
  access_logs {
    bucket  = var.log_bucket
    prefix  = "load-balancers/${module.lb_name.id}"
    enabled = true
  }

  tags = module.lb_name.tags
}

# The API's certificate, validated through a DNS record in the environment's zone; the listener
# takes it from the validation, so it is only used once ACM has issued it.
resource "aws_acm_certificate" "api" {
  domain_name       = var.host_name
  validation_method = "DNS"

  tags = module.lb_name.tags

  lifecycle {
    # A new certificate (another host name) is issued before the old one leaves the listener.
    create_before_destroy = true
  }
}

locals {
  # ACM's validation record per domain name of the certificate.
  certificate_validation = { for o in aws_acm_certificate.api.domain_validation_options : o.domain_name => o }
}

# Keyed by the names the certificate covers, which are known when planning (the validation
# options are not before the certificate exists).
resource "aws_route53_record" "certificate_validation" {
  for_each = toset([var.host_name])

  zone_id         = var.dns_zone_id
  name            = local.certificate_validation[each.key].resource_record_name
  type            = local.certificate_validation[each.key].resource_record_type
  ttl             = 300
  records         = [local.certificate_validation[each.key].resource_record_value]
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "api" {
  certificate_arn         = aws_acm_certificate.api.arn
  validation_record_fqdns = [for r in aws_route53_record.certificate_validation : r.fqdn]
}

resource "aws_route53_record" "api" {
  zone_id = var.dns_zone_id
  name    = var.host_name
  type    = "A"

  alias {
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
    evaluate_target_health = true
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = aws_acm_certificate_validation.api.certificate_arn

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "application/json"
      message_body = jsonencode({ title = "Not Found", status = 404 })
      status_code  = "404"
    }
  }

  tags = module.lb_name.tags
}

module "service" {
  source = "../../../modules/ecs-service"

  environment                     = var.environment
  service                         = "todo-api"
  cluster_arn                     = data.terraform_remote_state.shared.outputs.ecs_cluster_arn
  image                           = "${data.terraform_remote_state.shared.outputs.ecr_repository_urls["todo-api"]}:${var.image_tag}"
  command                         = ["serve"]
  cpu                             = var.cpu
  memory                          = var.memory
  min_count                       = var.min_count
  max_count                       = var.max_count
  container_port                  = 8080
  health_check_path               = "/readyz"
  path_patterns                   = local.public_path_patterns
  load_balanced                   = true
  listener_arn                    = aws_lb_listener.https.arn
  load_balancer_security_group_id = aws_security_group.lb.id
  vpc_id                          = data.terraform_remote_state.network.outputs.vpc_id
  subnet_ids                      = data.terraform_remote_state.network.outputs.private_subnet_ids
  additional_security_group_ids   = [data.terraform_remote_state.database.outputs.client_security_group_id]
  log_kms_key_arn                 = data.terraform_remote_state.shared.outputs.logs_kms_key_arn
  endpoints_security_group_id     = data.terraform_remote_state.network.outputs.endpoints_security_group_id
  # Literal keys (known at plan), values from the network stack.
  gateway_endpoint_prefix_list_ids = {
    s3 = data.terraform_remote_state.network.outputs.gateway_endpoint_prefix_list_ids["s3"]
  }

  # Names services/todo-api reads (libs/kit/envnames lists them; tools/internal/envcheck fails
  # on a name here that the service does not read). todo-api sends no mail today, so it gets no
  # MAIL_* settings.
  environment_variables = {
    HTTP_ADDR   = ":8080"
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
  ]

  migration_task_policy_statements = [
    {
      sid       = "ConnectAsMigrator"
      actions   = ["rds-db:connect"]
      resources = ["arn:aws:rds-db:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:dbuser:${data.terraform_remote_state.database.outputs.database_resource_id}/todo_migrator"]
    },
  ]
}
