module "mail_queue" {
  source = "../.."

  environment              = "stg"
  service                  = "mailer"
  consumer_timeout_seconds = 30
  max_receive_count        = 5
  protected                = false
}
