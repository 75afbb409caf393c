# Applied once per account, before any stack: the state bucket every stack of the environment
# keeps its state in, and the roles GitHub Actions assume to plan and apply.
#
# First run in a new account (the bucket does not exist yet), from this directory:
#   terraform init -backend=false && terraform apply -var-file=env/<env>.tfvars
#   terraform init -backend-config=env/<env>.s3.tfbackend -migrate-state
# After that it is a normal stack: make apply ENV=<env> STACK=bootstrap.

module "state_backend" {
  source = "../../modules/state-backend"

  environment = var.environment
}

module "ci_roles" {
  source = "../../modules/github-oidc-role"

  environment        = var.environment
  github_environment = var.environment
  state_bucket_arn   = module.state_backend.bucket_arn
  deploy             = local.deploy
}
