# Everything that differs between environments, as data. The stacks are the same code for stg
# and prd; each terraform/<env>/<stack>/ root passes these values in.
#
# Before the first apply in a new account, set account_id, the DNS zone and the domains to the
# real values: allowed_account_ids refuses to run against any other account, and the API's
# certificate and the mail identity are validated through records in that zone.
locals {
  environment  = "prd"
  account_id   = "222222222222"
  region       = "ap-northeast-1"
  state_bucket = "tsumiki-prd-platform-tfstate"

  # Logs (design-docs: Operations). The account's log bucket, created by terraform/bootstrap
  # (modules/state-backend) before any stack, takes S3 server access logs, VPC flow logs and
  # load balancer access logs; log_retention_days is how long CloudWatch Logs keeps the log
  # groups the stacks create for them (RDS PostgreSQL logs).
  logs = {
    bucket             = "tsumiki-prd-platform-logs"
    log_retention_days = 90
  }

  # The public Route 53 hosted zone of the environment's domain, in this account (created and
  # delegated by hand before the first apply). The API's ACM certificate and the SES identity
  # (DKIM, MAIL FROM) are validated through records terraform writes here.
  dns = {
    zone_id   = "Z0000000000000000PRD1"
    zone_name = "tsumiki.example"
  }

  network = {
    cidr_block         = "10.30.0.0/16"
    availability_zones = ["ap-northeast-1a", "ap-northeast-1c"]
    single_nat_gateway = false
  }

  shared = {
    mail_domain = "mail.tsumiki.example"
  }

  database = {
    instance_class        = "db.m7g.large"
    multi_az              = true
    backup_retention_days = 14
  }

  mailer = {
    timeout_seconds     = 30
    max_receive_count   = 5
    maximum_concurrency = 10
  }

  todo_api = {
    # prd keeps its load balancer: deletion needs this turned off first, in a reviewed change.
    load_balancer_deletion_protection = true
    host_name                         = "api.tsumiki.example"
    cpu                               = 512
    memory                            = 1024
    min_count                         = 2
    max_count                         = 6
    # AWS WAF rate-based rule on the load balancer: requests one client IP may send in any
    # 5-minute window before WAF answers 429 for the rest of it. The service's own per-token
    # limit (100 burst, 10/s) is the finer one; this bounds what one address sends across
    # tokens and tasks, unauthenticated floods included.
    waf_rate_limit_per_5_minutes = 3000
  }

  todo_batch = {
    cpu                     = 512
    memory                  = 1024
    worker_count            = 2
    exports_expiration_days = 30
  }

  # Alarms (issue 14): where they go and when they fire. Every threshold of
  # modules/service-alarms/catalogue.yaml is a key here (units in the name); the SLO burn-rate
  # alarms take theirs from services/<name>/observability.yaml and modules/slo-alarms.
  alarms = {
    # prd pages: page-severity alarms notify the pages topic, whose subscribers carry the pager.
    page_topic = "pages"
    subscriptions = {
      pages   = [{ protocol = "email", endpoint = "oncall@tsumiki.example" }]
      tickets = [{ protocol = "email", endpoint = "platform-tickets@tsumiki.example" }]
    }
    thresholds = {
      alb_5xx_per_5min                = 5
      alb_target_p99_seconds          = 1
      alb_min_healthy_hosts           = 2
      ecs_missing_tasks               = 0
      ecs_cpu_percent                 = 80
      ecs_memory_percent              = 80
      sqs_oldest_message_seconds      = 300
      dlq_messages                    = 0
      lambda_errors_per_5min          = 0
      lambda_throttles_per_5min       = 0
      lambda_duration_timeout_percent = 80
      rds_cpu_percent                 = 80
      rds_free_storage_gib            = 10
      rds_connections                 = 600
      rds_freeable_memory_mib         = 512
      dynamodb_throttles_per_5min     = 0
      ses_bounce_rate                 = 0.04
      ses_complaint_rate              = 0.0008
    }
  }
}
