output "apply_role_arn" {
  description = "Role the apply workflow assumes (jobs of the GitHub environment only)."
  value       = aws_iam_role.apply.arn
}

output "deploy_policy_json" {
  description = "The deploy role's policy document: everything make deploy may do, for review and tests."
  value       = data.aws_iam_policy_document.deploy.json
}

output "deploy_role_arn" {
  description = "Role `make deploy` assumes in deploy.yml (jobs of the GitHub environment only): images, task definitions, migrations, services, the mailer package."
  value       = aws_iam_role.deploy.arn
}

output "plan_role_arn" {
  description = "Role the plan and drift workflows assume (pull requests and main): configuration and state, never data."
  value       = aws_iam_role.plan.arn
}
