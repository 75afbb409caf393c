module "ci_roles" {
  source = "../.."

  environment        = "stg"
  apply_environments = ["stg"]
  state_bucket_arn   = "arn:aws:s3:::tsumiki-stg-platform-tfstate"
}
