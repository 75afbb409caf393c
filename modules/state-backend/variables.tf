variable "environment" {
  type        = string
  description = "Environment whose stacks keep their state here: stg or prd."
}
