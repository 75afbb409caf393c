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
  description = "Route 53 hosted zone that holds mail_domain, where the DKIM and MAIL FROM records are created; null publishes them by hand from the mail_dkim_tokens output."

  validation {
    condition     = var.mail_route53_zone_id == null || can(regex("^Z[0-9A-Z]{1,31}$", var.mail_route53_zone_id))
    error_message = "The mail_route53_zone_id must be a Route 53 hosted zone ID (Z...), or null to publish the records by hand."
  }
}

variable "protected" {
  type        = bool
  description = "Whether stateful resources carry prevent_destroy (true in prd)."
}
