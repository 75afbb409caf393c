# prd/todo-batch: a thin root. The code is terraform/stacks/todo-batch; this environment's values
# come from terraform/prd/env (data, not copied code).

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

  # A literal on purpose: tfpolicy checks that every prd stack passes protected = true,
  # which puts prevent_destroy on the stack's stateful resources.
  protected = true

  alarm_thresholds = module.env.alarms.thresholds
}
