variable "alarms_enabled" {
  type        = bool
  description = "Whether to create the alarms; false only computes dashboard_widgets, for a dashboard that graphs parts another stack alarms on (todo-api's graphs of the database)."
  default     = true
}

variable "environment" {
  type        = string
  description = "Environment: stg or prd (passed to naming)."
}

variable "page_topic_arn" {
  type        = string
  description = "SNS topic of page-severity alarms (in stg the tickets topic: stg does not page)."
}

variable "parts" {
  type        = map(map(string))
  description = "The parts this stack owns, keyed by catalogue.yaml part (load-balancer, ecs-service, database, queue, lambda, dynamodb, ses), each with the fields catalogue.yaml's parts lists (dimension values such as LoadBalancer or QueueName, numbers such as TimeoutMilliseconds as strings). Only parts documents lists for the service are accepted."
}

variable "service" {
  type        = string
  description = "Service whose design doc (design-docs/<service>.md) holds the runbooks, e.g. todo-api for the database."
}

variable "thresholds" {
  type        = map(number)
  description = "Threshold per catalogue.yaml threshold key: terraform/<env>/env's alarms.thresholds (units in each key's name)."
}

variable "ticket_topic_arn" {
  type        = string
  description = "SNS topic of ticket-severity alarms."
}
