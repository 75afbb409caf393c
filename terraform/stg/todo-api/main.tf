# stg/todo-api: a thin root. The code is terraform/stacks/todo-api; this environment's values
# come from terraform/stg/env (data, not copied code).

module "env" {
  source = "../env"
}

module "stack" {
  source = "../../stacks/todo-api"

  environment  = module.env.environment
  log_bucket   = module.env.logs.bucket
  region       = module.env.region
  state_bucket = module.env.state_bucket
  host_name    = module.env.todo_api.host_name
  dns_zone_id  = module.env.dns.zone_id
  cpu          = module.env.todo_api.cpu
  memory       = module.env.todo_api.memory
  min_count    = module.env.todo_api.min_count
  max_count    = module.env.todo_api.max_count

  waf_rate_limit_per_5_minutes = module.env.todo_api.waf_rate_limit_per_5_minutes

  load_balancer_deletion_protection = module.env.todo_api.load_balancer_deletion_protection

  alarm_thresholds = module.env.alarms.thresholds
}
