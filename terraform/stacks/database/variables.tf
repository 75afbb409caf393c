variable "alarm_thresholds" {
  type        = map(number)
  description = "Alarm thresholds per modules/service-alarms/catalogue.yaml key (terraform/<env>/env's alarms.thresholds)."
}

variable "backup_retention_days" {
  type        = number
  description = "Days of point-in-time recovery (14 in prd, 1 in stg, as the todo-api design doc states)."
}

variable "environment" {
  type        = string
  description = "Environment: stg or prd."
}

variable "instance_class" {
  type        = string
  description = "RDS instance class."
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch Logs keeps the database's exported PostgreSQL logs."
}

variable "multi_az" {
  type        = bool
  description = "Whether the database has a standby in a second AZ."
}

variable "protected" {
  type        = bool
  description = "Whether the database carries prevent_destroy and a final snapshot (true in prd)."
}

variable "region" {
  type        = string
  description = "Region of the state bucket."
}

variable "state_bucket" {
  type        = string
  description = "State bucket of the environment, to read the network stack's outputs."
}
