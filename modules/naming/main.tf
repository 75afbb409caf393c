locals {
  # The full name, before any shortening: <project>-<env>-<service>-<component>[-<attribute>...].
  full_name = join("-", concat([var.project, var.environment, var.service, var.component], var.attributes))

  # Past max_length the name keeps as much of its readable prefix as fits, then "-" and the
  # first 8 hex digits of sha256(full_name). sha256 never changes, so the same inputs give the
  # same name forever; different long names that share a prefix still get different names.
  hash_length = 8
  truncated   = length(local.full_name) > var.max_length
  prefix      = replace(substr(local.full_name, 0, var.max_length - local.hash_length - 1), "/-+$/", "")
  id          = local.truncated ? "${local.prefix}-${substr(sha256(local.full_name), 0, local.hash_length)}" : local.full_name

  tags = {
    Project     = var.project
    Environment = var.environment
    Service     = var.service
    ManagedBy   = "terraform"
    Repository  = var.repository
  }
}
