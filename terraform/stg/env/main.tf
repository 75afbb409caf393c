# Everything that differs between environments, as data. The stacks are the same code for stg
# and prd; each terraform/<env>/<stack>/ root passes these values in.
#
# Before the first apply in a new account, set account_id, the DNS zone and the domains to the
# real values: allowed_account_ids refuses to run against any other account, and the API's
# certificate and the mail identity are validated through records in that zone.
locals {
  environment  = "stg"
  account_id   = "111111111111"
  region       = "ap-northeast-1"
  state_bucket = "tsumiki-stg-platform-tfstate"

  # Logs (design-docs: Operations). The account's log bucket, created by terraform/bootstrap
  # (modules/state-backend) before any stack, takes S3 server access logs, VPC flow logs and
  # load balancer access logs; log_retention_days is how long CloudWatch Logs keeps the log
  # groups the stacks create for them (RDS PostgreSQL logs).
  logs = {
    bucket             = "tsumiki-stg-platform-logs"
    log_retention_days = 30
  }

  # The public Route 53 hosted zone of the environment's domain, in this account (created and
  # delegated by hand before the first apply). The API's ACM certificate and the SES identity
  # (DKIM, MAIL FROM) are validated through records terraform writes here.
  dns = {
    zone_id   = "Z0000000000000000STG1"
    zone_name = "stg.tsumiki.example"
  }

  network = {
    cidr_block         = "10.20.0.0/16"
    availability_zones = ["ap-northeast-1a", "ap-northeast-1c"]
    single_nat_gateway = true
  }

  shared = {
    mail_domain = "mail.stg.tsumiki.example"
  }

  database = {
    instance_class        = "db.t4g.micro"
    multi_az              = false
    backup_retention_days = 1
  }

  mailer = {
    timeout_seconds     = 30
    max_receive_count   = 5
    maximum_concurrency = 2
  }

  todo_api = {
    # stg is disposable (DESIGN.md): a destroy of the stack may take the load balancer with it.
    load_balancer_deletion_protection = false
    host_name                         = "api.stg.tsumiki.example"
    cpu                               = 256
    memory                            = 512
    min_count                         = 1
    max_count                         = 2
    # AWS WAF rate-based rule on the load balancer: requests one client IP may send in any
    # 5-minute window before WAF answers 429 for the rest of it. The service's own per-token
    # limit (100 burst, 10/s) is the finer one; this bounds what one address sends across
    # tokens and tasks, unauthenticated floods included.
    waf_rate_limit_per_5_minutes = 1000
  }

  todo_batch = {
    cpu                     = 256
    memory                  = 512
    worker_count            = 1
    exports_expiration_days = 7
  }

  # Alarms (issue 14): where they go and when they fire. Every threshold of
  # modules/service-alarms/catalogue.yaml is a key here (units in the name); the SLO burn-rate
  # alarms take theirs from services/<name>/observability.yaml and modules/slo-alarms.
  alarms = {
    # stg tickets: nobody is woken for stg; its page-severity alarms notify the tickets topic.
    page_topic = "tickets"
    subscriptions = {
      pages   = []
      tickets = [{ protocol = "email", endpoint = "platform-tickets@tsumiki.example" }]
    }
    thresholds = {
      alb_5xx_per_5min                = 10
      alb_target_p99_seconds          = 2
      alb_min_healthy_hosts           = 1
      ecs_missing_tasks               = 0
      ecs_cpu_percent                 = 90
      ecs_memory_percent              = 90
      sqs_oldest_message_seconds      = 300
      dlq_messages                    = 0
      lambda_errors_per_5min          = 5
      lambda_throttles_per_5min       = 0
      lambda_duration_timeout_percent = 80
      rds_cpu_percent                 = 90
      rds_free_storage_gib            = 2
      rds_connections                 = 60
      rds_freeable_memory_mib         = 100
      dynamodb_throttles_per_5min     = 0
      ses_bounce_rate                 = 0.04
      ses_complaint_rate              = 0.0008
    }
  }
}
