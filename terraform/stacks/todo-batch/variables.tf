variable "alarm_thresholds" {
  type        = map(number)
  description = "Alarm thresholds per modules/service-alarms/catalogue.yaml key (terraform/<env>/env's alarms.thresholds)."
}

variable "cpu" {
  type        = number
  description = "Task CPU units."
}

variable "environment" {
  type        = string
  description = "Environment: stg or prd."
}

variable "exports_expiration_days" {
  type        = number
  description = "Days an export file is kept."
}

variable "image_tag" {
  type        = string
  description = "Image tag of the first deployment; make deploy rolls newer ones."
  default     = "bootstrap"
}

variable "log_bucket" {
  type        = string
  description = "The account's log bucket (terraform/bootstrap, modules/state-backend), from terraform/<env>/env."
}

variable "memory" {
  type        = number
  description = "Task memory in MiB."
}

variable "protected" {
  type        = bool
  description = "Whether the exports bucket carries prevent_destroy (true in prd)."
}

variable "region" {
  type        = string
  description = "Region of the state bucket."
}

variable "state_bucket" {
  type        = string
  description = "State bucket of the environment, to read the network, shared, database and mailer outputs."
}

variable "worker_count" {
  type        = number
  description = "Worker tasks; River elects one leader among them for periodic jobs."
}
