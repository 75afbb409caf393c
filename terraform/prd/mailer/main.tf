# prd/mailer: a thin root. The code is terraform/stacks/mailer; this environment's values
# come from terraform/prd/env (data, not copied code).

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

  # A literal on purpose: tfpolicy checks that every prd stack passes protected = true,
  # which puts prevent_destroy on the stack's stateful resources.
  protected = true

  alarm_thresholds = module.env.alarms.thresholds
}
