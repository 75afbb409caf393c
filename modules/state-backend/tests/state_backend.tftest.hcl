# Plan-level tests against the hashicorp/aws provider make tf/test installs: the offline one
# (the real schema and plan rules, a simulated account) by default, the real one with TF_ACC=1.
# The provider settings let the real one plan without credentials or AWS calls.
#
# The bucket's name and ARN are known only after apply (the provider computes a bucket's id and
# arn), so the name is pinned where it is known: terraform/<env>/env's tests compare the backend
# literal with modules/naming, and the name-stability golden file holds the rendered name.
provider "aws" {
  region                      = "ap-northeast-1"
  access_key                  = "offline-test"
  secret_key                  = "offline-test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

variables {
  environment = "stg"
}

run "backend_settings_lock_and_encrypt" {
  command = plan

  # The module declares no provider of its own (modules/s3-bucket does), so pass it explicitly.
  providers = {
    aws = aws
  }

  assert {
    condition     = output.backend_config.use_lockfile == true && output.backend_config.encrypt == true
    error_message = "Every stack's backend must encrypt state and lock it with S3 lock files (use_lockfile); no DynamoDB table."
  }
  assert {
    condition     = keys(output.backend_config) == ["bucket", "encrypt", "use_lockfile"]
    error_message = "backend_config must hold exactly the backend settings a stack's backend block sets besides key and region."
  }
}
