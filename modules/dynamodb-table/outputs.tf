output "arn" {
  description = "ARN of the table."
  value       = one(concat(aws_dynamodb_table.protected[*].arn, aws_dynamodb_table.unprotected[*].arn))
}

output "name" {
  description = "Name of the table."
  value       = one(concat(aws_dynamodb_table.protected[*].name, aws_dynamodb_table.unprotected[*].name))
}
