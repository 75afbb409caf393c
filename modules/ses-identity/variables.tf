variable "domain" {
  type        = string
  description = "Domain mail is sent from, e.g. mail.example.com (verified with DKIM)."

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.domain))
    error_message = "The domain must be a lower-case DNS name such as mail.example.com."
  }
}

variable "environment" {
  type        = string
  description = "Environment: stg or prd (passed to naming)."
}

variable "mail_from_subdomain" {
  type        = string
  description = "Subdomain of domain used as MAIL FROM (bounce) domain, e.g. \"bounce\" gives bounce.<domain>."
  default     = "bounce"
}

variable "route53_zone_id" {
  type        = string
  description = "Route 53 hosted zone of domain; when set, the DKIM, MAIL FROM MX and SPF records are created there. Null: publish them yourself (see outputs)."
  default     = null
}

variable "service" {
  type        = string
  description = "Service that sends the mail, e.g. \"mailer\"."
}
