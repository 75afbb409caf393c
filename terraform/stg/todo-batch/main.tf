# stg/todo-batch: a thin root. The code is terraform/stacks/todo-batch; this environment's values
# come from terraform/stg/env (data, not copied code).

module "env" {
  source = "../env"
}

module "stack" {
  source = "../../stacks/todo-batch"

  environment             = module.env.environment
  log_bucket              = module.env.logs.bucket
  region                  = module.env.region
  state_bucket            = module.env.state_bucket
  cpu                     = module.env.todo_batch.cpu
  memory                  = module.env.todo_batch.memory
  worker_count            = module.env.todo_batch.worker_count
  exports_expiration_days = module.env.todo_batch.exports_expiration_days

  # stg data is disposable (design docs: backups only): no prevent_destroy, no deletion protection.
  protected = false

  alarm_thresholds = module.env.alarms.thresholds
}
