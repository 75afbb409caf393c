# stg/shared: a thin root. The code is terraform/stacks/shared; this environment's values
# come from terraform/stg/env (data, not copied code).

module "env" {
  source = "../env"
}

module "stack" {
  source = "../../stacks/shared"

  environment = module.env.environment
  mail_domain = module.env.shared.mail_domain

  # stg data is disposable (design docs: backups only): no prevent_destroy, no deletion protection.
  protected = false
}
