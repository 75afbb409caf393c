# stg/mailer: a thin root. The code is terraform/stacks/mailer; this environment's values
# come from terraform/stg/env (data, not copied code).

module "env" {
  source = "../env"
}

module "stack" {
  source = "../../stacks/mailer"

  environment         = module.env.environment
  region              = module.env.region
  state_bucket        = module.env.state_bucket
  timeout_seconds     = module.env.mailer.timeout_seconds
  max_receive_count   = module.env.mailer.max_receive_count
  maximum_concurrency = module.env.mailer.maximum_concurrency

  # stg data is disposable (design docs: backups only): no prevent_destroy, no deletion protection.
  protected = false

  alarm_thresholds = module.env.alarms.thresholds
}
