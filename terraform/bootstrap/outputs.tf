output "apply_role_arn" {
  description = "Role the apply workflow assumes (AWS_APPLY_ROLE_ARN of the GitHub environment)."
  value       = module.ci_roles.apply_role_arn
}

output "deploy_role_arn" {
  description = "Role deploy.yml's make deploy assumes (tsumiki-<env>-ci-deploy-role)."
  value       = module.ci_roles.deploy_role_arn
}

output "engineer_role_arn" {
  description = "Role engineers assume for make tf/plan and make apply (README, Credentials for make apply)."
  value       = aws_iam_role.engineer.arn
}

output "plan_role_arn" {
  description = "Role the plan workflow assumes (AWS_PLAN_ROLE_ARN of the GitHub environment)."
  value       = module.ci_roles.plan_role_arn
}

output "state_bucket_name" {
  description = "State bucket of the environment; terraform/<env>/env names the same bucket."
  value       = module.state_backend.bucket_name
}
