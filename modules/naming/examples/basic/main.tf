# The mail queue of the mailer service in staging: tsumiki-stg-mailer-queue.
module "queue_name" {
  source = "../.."

  environment = "stg"
  service     = "mailer"
  component   = "queue"
}

# An ALB target group name must fit in 32 characters, so this one ends in a hash.
module "target_group_name" {
  source = "../.."

  environment = "prd"
  service     = "todo-api"
  component   = "target-group"
  attributes  = ["blue"]
  max_length  = 32
}
