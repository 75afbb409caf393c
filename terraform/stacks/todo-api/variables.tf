variable "certificate_arn" {
  type        = string
  description = "ACM certificate of the API's host name, for the HTTPS listener."
}

variable "cpu" {
  type        = number
  description = "Task CPU units."
}

variable "environment" {
  type        = string
  description = "Environment: stg or prd."
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
