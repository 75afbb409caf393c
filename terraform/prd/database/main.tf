# prd/database: a thin root. The code is terraform/stacks/database; this environment's values
# come from terraform/prd/env (data, not copied code).

module "env" {
  source = "../env"
}

module "stack" {
  source = "../../stacks/database"

  environment           = module.env.environment
  log_retention_days    = module.env.logs.log_retention_days
  region                = module.env.region
  state_bucket          = module.env.state_bucket
  instance_class        = module.env.database.instance_class
  multi_az              = module.env.database.multi_az
  backup_retention_days = module.env.database.backup_retention_days

  # A literal on purpose: tfpolicy checks that every prd stack passes protected = true,
  # which puts prevent_destroy on the stack's stateful resources.
  protected = true

  alarm_thresholds = module.env.alarms.thresholds
}
