# Applied once per account, before any stack: the state bucket every stack of the environment
# keeps its state in, and the roles GitHub Actions assume to plan and apply.
#
# First run in a new account (the state bucket does not exist yet): make tf/bootstrap ENV=<env>.
# It applies with the state in a local file (an override file swaps the S3 backend for a local
# one), then `terraform init -migrate-state -backend-config=env/<env>.s3.tfbackend` copies the
# state into the bucket that apply created (mk/tf.sh, tested in tools/internal/tfmake).
# After that it is a normal stack: make apply ENV=<env> STACK=bootstrap. Each account has its
# own working directory (.local/tf/bootstrap-<env>), so stg and prd apply from one checkout.

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
