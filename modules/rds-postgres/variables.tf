variable "allocated_storage_gb" {
  type        = number
  description = "Initial storage in GB (gp3)."
  default     = 20

  validation {
    condition     = var.allocated_storage_gb >= 20 && var.allocated_storage_gb <= 65536
    error_message = "The allocated_storage_gb must be from 20 to 65536."
  }
}

variable "allowed_security_group_ids" {
  type        = map(string)
  description = "Security groups allowed to connect on 5432, keyed by a stable label (e.g. { todo_api = \"sg-...\" }); labels keep rule addresses stable."
  default     = {}
}

variable "backup_retention_days" {
  type        = number
  description = "Days automated backups and transaction logs are kept: the window for point-in-time recovery (14 in prd, 1 in stg)."

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "The backup_retention_days must be from 1 to 35; 0 would disable automated backups and point-in-time recovery."
  }
}

variable "component" {
  type        = string
  description = "Name part of the database instance."
  default     = "db"
}

variable "database_name" {
  type        = string
  description = "Name of the database created in the instance."

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name))
    error_message = "The database_name must start with a lower-case letter and contain only lower-case letters, digits and underscores (at most 63 characters)."
  }
}

variable "engine_version" {
  type        = string
  description = "PostgreSQL major version (the local platform runs the same major)."
  default     = "15"
}

variable "environment" {
  type        = string
  description = "Environment: stg or prd (passed to naming)."
}

variable "instance_class" {
  type        = string
  description = "Instance class, e.g. db.t4g.micro (stg) or db.m7g.large (prd)."
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for storage encryption. Null uses the AWS-managed RDS key."
  default     = null
}

variable "log_exports" {
  type        = list(string)
  description = "PostgreSQL logs the instance exports to CloudWatch Logs, each into a log group this module creates: \"postgresql\" (errors and slow statements) and \"upgrade\" (major version upgrades)."
  default     = ["postgresql", "upgrade"]

  validation {
    condition     = alltrue([for l in var.log_exports : contains(["postgresql", "upgrade"], l)])
    error_message = "The log_exports may contain only \"postgresql\" and \"upgrade\", the log types RDS exports for PostgreSQL."
  }
}

variable "log_kms_key_arn" {
  type        = string
  description = "KMS key that encrypts the exported log groups (the shared stack's logs key, whose policy admits CloudWatch Logs)."
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch Logs keeps the exported PostgreSQL logs."

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "The log_retention_days must be a value CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "master_username" {
  type        = string
  description = "Master user name; its password is generated and kept in Secrets Manager by RDS."
  default     = "tsumiki_admin"
}

variable "max_allocated_storage_gb" {
  type        = number
  description = "Storage autoscaling ceiling in GB."
  default     = 100
}

variable "multi_az" {
  type        = bool
  description = "Whether a standby in a second AZ takes over on failure (true in prd)."
  default     = false
}

variable "protected" {
  type        = bool
  description = "Whether the database must survive: true adds deletion protection, a final snapshot and prevent_destroy. Set true in prd (tfpolicy checks it); false (stg) keeps backups only."
}

variable "rpo_minutes" {
  type        = number
  description = "Recovery point objective in minutes. RDS ships transaction logs every 5 minutes, so point-in-time recovery gives an RPO of 5; anything lower is not achievable with this module."
  default     = 5

  validation {
    condition     = var.rpo_minutes >= 5
    error_message = "The rpo_minutes must be at least 5: RDS point-in-time recovery uploads transaction logs every 5 minutes. A lower RPO needs synchronous replication, which this module does not provide."
  }
}

variable "service" {
  type        = string
  description = "Service that owns the database, e.g. \"todo-api\"."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets (two or more AZs) for the subnet group."

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "The subnet_ids must list at least two subnets in different AZs (RDS requires it)."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC of the database security group."
}
