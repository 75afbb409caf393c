output "arn" {
  description = "ARN of the function."
  value       = aws_lambda_function.this.arn
}

output "event_source_mapping_uuid" {
  description = "UUID of the SQS event source mapping."
  value       = aws_lambda_event_source_mapping.this.uuid
}

output "function_name" {
  description = "Name of the function (what `make deploy SERVICE=mailer` updates)."
  value       = aws_lambda_function.this.function_name
}

output "log_group_name" {
  description = "Name of the function's log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "role_arn" {
  description = "ARN of the function's execution role."
  value       = aws_iam_role.this.arn
}
