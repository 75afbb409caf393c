# prd/shared: a thin root. The code is terraform/stacks/shared; this environment's values
# come from terraform/prd/env (data, not copied code).

module "env" {
  source = "../env"
}

module "stack" {
  source = "../../stacks/shared"

  environment = module.env.environment
  mail_domain = module.env.shared.mail_domain
  # DKIM (3 CNAMEs) and MAIL FROM (MX, SPF) records go into the environment's zone.
  mail_route53_zone_id = module.env.dns.zone_id

  # A literal on purpose: tfpolicy checks that every prd stack passes protected = true,
  # which puts prevent_destroy on the stack's stateful resources.
  protected = true

  # Alarm topics (stacks/shared/alarms.tf): where page-severity alarms go, and who is told.
  alarm_page_topic    = module.env.alarms.page_topic
  alarm_subscriptions = module.env.alarms.subscriptions
}
