module "name" {
  source      = "../naming"
  environment = "stg"
  service     = "mailer"
  component   = "queue"
}

resource "aws_sqs_queue" "this" {
  name                    = module.name.id
  sqs_managed_sse_enabled = true
  tags                    = { Project = "tsumiki" }
}
