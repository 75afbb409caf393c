variable "environment" {
  type        = string
  description = "Environment: stg or prd (passed to naming, and the Environment dimension of every metric)."
}

variable "namespace" {
  type        = string
  description = "CloudWatch namespace of the SLO metrics (observability.yaml's namespace)."
}

variable "page_topic_arn" {
  type        = string
  description = "SNS topic of page-severity alarms (in stg the tickets topic: stg does not page)."
}

variable "runbook_document" {
  type        = string
  description = "Design doc that holds the runbooks, as a repository path; null means design-docs/<service>.md. Every alarm_description ends with <runbook_document>#<slo runbook anchor>."
  default     = null
}

variable "service" {
  type        = string
  description = "Service the SLOs belong to (the Service dimension of every metric, and the design doc's name)."
}

variable "slos" {
  type = list(object({
    key         = string
    description = string
    objective   = number
    period_days = number
    total       = string
    bad         = string
    runbook     = string
  }))
  description = "The slos entries of services/<service>/observability.yaml: ratio SLOs, bad / total over period_days, both metrics summed on the [Environment, Service] dimensions."

  validation {
    condition     = alltrue([for s in var.slos : s.objective >= 50 && s.objective < 100])
    error_message = "Each SLO's objective is a percentage of good events from 50 up to, not including, 100 (99.9, not 0.999)."
  }
  validation {
    condition     = alltrue([for s in var.slos : can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", s.key)) && can(regex("^[a-z0-9]+(-[a-z0-9]+)*$", s.runbook))])
    error_message = "Each SLO's key and runbook anchor are lower-case words joined by single hyphens (the key is part of alarm names, the anchor a GitHub heading anchor)."
  }
  validation {
    condition     = length(distinct([for s in var.slos : s.key])) == length(var.slos)
    error_message = "SLO keys must be unique within a service."
  }
}

variable "ticket_topic_arn" {
  type        = string
  description = "SNS topic of ticket-severity alarms."
}
