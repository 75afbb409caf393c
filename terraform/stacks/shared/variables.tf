variable "environment" {
  type        = string
  description = "Environment: stg or prd."
}

variable "mail_domain" {
  type        = string
  description = "Domain the mailer sends from in this environment."
}

variable "mail_route53_zone_id" {
  type        = string
  description = "Route 53 zone of mail_domain for the DKIM/MAIL FROM records; null to publish them by hand."
  default     = null
}

variable "protected" {
  type        = bool
  description = "Whether stateful resources carry prevent_destroy (true in prd)."
}
