variable "additional_security_group_ids" {
  type        = list(string)
  description = "Security groups the tasks also join, e.g. the database stack's client group that may reach PostgreSQL."
  default     = []
}

variable "assign_public_ip" {
  type        = bool
  description = "Whether tasks get a public IP. Keep false: tasks run in private subnets behind NAT and VPC endpoints."
  default     = false
}

variable "cluster_arn" {
  type        = string
  description = "ARN of the ECS cluster (modules/ecs-cluster)."
}

variable "command" {
  type        = list(string)
  description = "Container command, e.g. [\"serve\"]; null uses the image's default."
  default     = null
}

variable "component" {
  type        = string
  description = "Name part of the service, e.g. \"service\" or \"worker\"."
  default     = "service"
}

variable "container_port" {
  type        = number
  description = "Port the container listens on; null for a service without a load balancer (workers)."
  default     = null
}

variable "cpu" {
  type        = number
  description = "Task CPU units (256 = 0.25 vCPU)."
  default     = 256

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.cpu)
    error_message = "The cpu must be a Fargate size: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "desired_count" {
  type        = number
  description = "Tasks at creation; autoscaling owns the count afterwards (between min_count and max_count)."
  default     = 2
}

variable "endpoints_security_group_id" {
  type        = string
  description = "Security group of the interface VPC endpoints (modules/network): the tasks' only HTTPS destination besides the gateway endpoints."
}

variable "environment" {
  type        = string
  description = "Environment: stg or prd (passed to naming)."
}

variable "environment_variables" {
  type        = map(string)
  description = "Plain environment variables of the container (no secrets)."
  default     = {}
}

variable "gateway_endpoint_prefix_list_ids" {
  type        = map(string)
  description = "Prefix lists of the gateway VPC endpoints the tasks reach over HTTPS, keyed by service (modules/network: s3 for image layers and exports, dynamodb)."
  default     = {}
}

variable "health_check_path" {
  type        = string
  description = "Path the load balancer probes (readiness: fails while the service drains)."
  default     = "/readyz"
}

variable "image" {
  type        = string
  description = "Image to run, <repository url>:<tag>. `make deploy` rolls out new tags."
}

variable "listener_arn" {
  type        = string
  description = "HTTPS listener the service is routed from (with load_balanced = true); null for no load balancer."
  default     = null
}

variable "listener_rule_priority" {
  type        = number
  description = "Priority of the listener rule (unique per listener)."
  default     = 100
}

variable "load_balanced" {
  type        = bool
  description = "Whether the service is routed from listener_arn (target group, listener rule, ingress from load_balancer_security_group_id). A literal, so the plan knows these resources before the listener exists."
  default     = false

  validation {
    condition     = !var.load_balanced || (var.listener_arn != null && var.container_port != null && var.load_balancer_security_group_id != null)
    error_message = "A load_balanced service needs listener_arn, container_port and load_balancer_security_group_id."
  }
}

variable "load_balancer_security_group_id" {
  type        = string
  description = "Security group of the load balancer, allowed to reach container_port."
  default     = null
}

variable "log_kms_key_arn" {
  type        = string
  description = "KMS key that encrypts the service's log group (see modules/kms-key)."
}

variable "log_retention_days" {
  type        = number
  description = "Days the service's logs are kept."
  default     = 30
}

variable "max_count" {
  type        = number
  description = "Most tasks autoscaling may run."
  default     = 4
}

variable "memory" {
  type        = number
  description = "Task memory in MiB (must suit cpu, see Fargate task sizes)."
  default     = 512
}

variable "migration_task_policy_statements" {
  type = list(object({
    sid       = string
    actions   = list(string)
    resources = list(string)
  }))
  description = "IAM statements of a separate migration role (e.g. rds-db:connect as the migrator). `make deploy` runs `migrate up` as a one-off task of this service's task definition with that role as its task role, so the running service never holds them. Empty: no migration role."
  default     = []
}

variable "min_count" {
  type        = number
  description = "Fewest tasks autoscaling keeps."
  default     = 1

  validation {
    condition     = var.min_count >= 0
    error_message = "The min_count must be 0 or more."
  }
}

variable "path_patterns" {
  type        = list(string)
  description = "Path patterns the listener rule forwards to this service."
  default     = ["/*"]

  # A listener rule's conditions take at most 5 values in all (Elastic Load Balancing User
  # Guide for Application Load Balancers, "Quotas": condition values per rule).
  validation {
    condition     = length(var.path_patterns) >= 1 && length(var.path_patterns) <= 5 && alltrue([for p in var.path_patterns : startswith(p, "/")])
    error_message = "The path_patterns must be 1 to 5 patterns (the load balancer's limit of condition values per rule), each starting with /."
  }
}

variable "secrets" {
  type        = map(string)
  description = "Environment variables filled from Secrets Manager or SSM Parameter Store at start: name => ARN (a Secrets Manager ARN may end in :<json-key>:<version-stage>:<version-id>). The execution role may read exactly these secrets and parameters."
  default     = {}

  validation {
    condition = alltrue([
      for v in values(var.secrets) : can(regex("^arn:aws[a-z-]*:(secretsmanager:[^:]+:[0-9]{12}:secret:[^:]+(:[^:]*:[^:]*:[^:]*)?|ssm:[^:]+:[0-9]{12}:parameter/.+)$", v))
    ])
    error_message = "Each secrets value must be a Secrets Manager secret ARN (optionally with :<json-key>:<version-stage>:<version-id>) or an SSM parameter ARN."
  }
}

variable "service" {
  type        = string
  description = "Service name, e.g. \"todo-api\"."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets the tasks run in."
}

variable "target_cpu_percent" {
  type        = number
  description = "Average CPU utilisation autoscaling aims for."
  default     = 60
}

variable "task_policy_statements" {
  type = list(object({
    sid       = string
    actions   = list(string)
    resources = list(string)
  }))
  description = "IAM statements of the task role (what the application may call: SQS, S3, ...). Name exact actions and resource ARNs."
  default     = []
}

variable "vpc_id" {
  type        = string
  description = "VPC of the service (for its security group and target group)."
}
