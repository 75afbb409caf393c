variable "alarm_thresholds" {
  type        = map(number)
  description = "Alarm thresholds per modules/service-alarms/catalogue.yaml key (terraform/<env>/env's alarms.thresholds)."
}

variable "cpu" {
  type        = number
  description = "Task CPU units."
}

variable "dns_zone_id" {
  type        = string
  description = "Route 53 hosted zone that holds host_name: the certificate's DNS validation record and the API's alias record go there."

  validation {
    condition     = can(regex("^Z[0-9A-Z]{1,31}$", var.dns_zone_id))
    error_message = "The dns_zone_id must be a Route 53 hosted zone ID (Z...), the zone that holds host_name."
  }
}

variable "environment" {
  type        = string
  description = "Environment: stg or prd."
}

variable "host_name" {
  type        = string
  description = "Public host name of the API, e.g. api.tsumiki.example; its ACM certificate is requested and validated here."

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.host_name))
    error_message = "The host_name must be a lower-case DNS name such as api.tsumiki.example."
  }
}

variable "image_tag" {
  type        = string
  description = "Image tag of the first deployment; make deploy rolls newer ones."
  default     = "bootstrap"
}

variable "load_balancer_deletion_protection" {
  type        = bool
  description = "Whether the load balancer refuses deletion (true in prd; false in stg, which the design calls disposable)."
}

variable "log_bucket" {
  type        = string
  description = "The account's log bucket (terraform/bootstrap, modules/state-backend), from terraform/<env>/env."
}

variable "max_count" {
  type        = number
  description = "Most API tasks."
}

variable "memory" {
  type        = number
  description = "Task memory in MiB."
}

variable "min_count" {
  type        = number
  description = "Fewest API tasks."
}

variable "region" {
  type        = string
  description = "Region of the state bucket."
}

variable "state_bucket" {
  type        = string
  description = "State bucket of the environment, to read the network, shared, database and mailer outputs."
}

variable "waf_rate_limit_per_5_minutes" {
  type        = number
  description = "Requests one client IP may send to the load balancer in any 5-minute window before the AWS WAF rate-based rule blocks it (429) for the rest of the window."

  # AWS WAF rate-based rule statements take a limit from 10 to 2,000,000,000 per evaluation
  # window (AWS WAF Developer Guide, "Rate-based rule high-level settings").
  validation {
    condition     = var.waf_rate_limit_per_5_minutes >= 10 && var.waf_rate_limit_per_5_minutes <= 2000000000 && floor(var.waf_rate_limit_per_5_minutes) == var.waf_rate_limit_per_5_minutes
    error_message = "The waf_rate_limit_per_5_minutes must be a whole number from 10 to 2000000000 (AWS WAF's range for a rate-based rule)."
  }
}
