output "alias_name" {
  description = "Alias of the key, alias/<name>."
  value       = aws_kms_alias.this.name
}

output "arn" {
  description = "ARN of the key; pass it as kms_key_arn to log groups and buckets."
  value       = aws_kms_key.this.arn
}
