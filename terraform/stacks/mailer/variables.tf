variable "alarm_thresholds" {
  type        = map(number)
  description = "Alarm thresholds per modules/service-alarms/catalogue.yaml key (terraform/<env>/env's alarms.thresholds)."
}

variable "environment" {
  type        = string
  description = "Environment: stg or prd."
}

variable "max_receive_count" {
  type        = number
  description = "Receives after which a mail message moves to the dead-letter queue."
}

variable "maximum_concurrency" {
  type        = number
  description = "Most concurrent mailer invocations (bounds the send rate into SES)."
}

variable "package_s3_key" {
  type        = string
  description = "Key in the artifacts bucket where terraform uploads the placeholder package the function is created from; make deploy publishes real versions under mailer/<commit>.zip."
  default     = "mailer/bootstrap.zip"
}

variable "protected" {
  type        = bool
  description = "Whether the mail queues and the idempotency table carry prevent_destroy (true in prd)."
}

variable "region" {
  type        = string
  description = "Region of the state bucket."
}

variable "ses_send_quota_per_second" {
  type        = number
  description = "SES sending quota of the account in mails per second; each of the maximum_concurrency invocations sends at most its share."
  default     = 14

  validation {
    condition     = var.ses_send_quota_per_second > 0
    error_message = "The ses_send_quota_per_second must be a positive number (the SES account's maximum send rate)."
  }
}

variable "state_bucket" {
  type        = string
  description = "State bucket of the environment, to read the shared stack's outputs."
}

variable "timeout_seconds" {
  type        = number
  description = "Timeout of the mailer Lambda; the queue's visibility timeout is six times this."
}
