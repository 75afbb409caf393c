output "apply_role_arn" {
  description = "Role the apply workflow assumes (main and the apply environments only)."
  value       = aws_iam_role.apply.arn
}

output "plan_role_arn" {
  description = "Read-only role the plan workflow assumes (pull requests and main)."
  value       = aws_iam_role.plan.arn
}
