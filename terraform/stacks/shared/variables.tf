variable "alarm_page_topic" {
  type        = string
  description = "Topic page-severity alarms notify: \"pages\" where someone carries the pager (prd), \"tickets\" where nobody is woken (stg)."

  validation {
    condition     = contains(["pages", "tickets"], var.alarm_page_topic)
    error_message = "The alarm_page_topic must be \"pages\" or \"tickets\"."
  }
}

variable "alarm_subscriptions" {
  type = map(list(object({
    protocol = string
    endpoint = string
  })))
  description = "Subscriptions per alarm topic (keys pages, tickets): protocol email (an address, confirmed by its owner) or https (a webhook, or AWS Chatbot's endpoint for a chat channel)."

  validation {
    condition     = alltrue([for t, subs in var.alarm_subscriptions : contains(["pages", "tickets"], t) && alltrue([for s in subs : contains(["email", "https"], s.protocol)])])
    error_message = "The alarm_subscriptions keys are pages and tickets; each subscription's protocol is email or https."
  }
}

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
