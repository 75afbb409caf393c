# stg/shared: a thin root. The code is terraform/stacks/shared; this environment's values
# come from terraform/stg/env (data, not copied code).

module "env" {
  source = "../env"
}

module "stack" {
  source = "../../stacks/shared"

  environment = module.env.environment
  mail_domain = module.env.shared.mail_domain
  # DKIM (3 CNAMEs) and MAIL FROM (MX, SPF) records go into the environment's zone.
  mail_route53_zone_id = module.env.dns.zone_id

  # stg data is disposable (design docs: backups only): no prevent_destroy, no deletion protection.
  protected = false

  # Alarm topics (stacks/shared/alarms.tf): where page-severity alarms go, and who is told.
  alarm_page_topic    = module.env.alarms.page_topic
  alarm_subscriptions = module.env.alarms.subscriptions
}
