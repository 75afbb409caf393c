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
  }

  todo_batch = {
    cpu                     = 256
    memory                  = 512
    worker_count            = 1
    exports_expiration_days = 7
  }
}
