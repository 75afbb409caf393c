module "slo_alarms" {
  source = "../.."

  environment      = "stg"
  service          = "todo-api"
  namespace        = "Tsumiki"
  page_topic_arn   = "arn:aws:sns:ap-northeast-1:111111111111:tsumiki-stg-platform-tickets"
  ticket_topic_arn = "arn:aws:sns:ap-northeast-1:111111111111:tsumiki-stg-platform-tickets"

  slos = [{
    key         = "availability"
    description = "99.9 % of requests over 30 days answered without a 5xx."
    objective   = 99.9
    period_days = 30
    total       = "Requests"
    bad         = "ServerErrors"
    runbook     = "runbook-availability"
  }]
}
