# Plan-level tests against the hashicorp/aws provider make tf/test installs: the offline one
# (the real schema and plan rules, a simulated account) by default, the real one with TF_ACC=1.
# The provider settings let the real one plan without credentials or AWS calls.
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
  service     = "todo-api"
}

run "immutable_but_env_tag_scanned_encrypted_and_named_by_naming" {
  command = plan

  assert {
    condition     = aws_ecr_repository.this.name == "tsumiki-stg-todo-api-images"
    error_message = "The repository name must come from naming: <project>-<env>-<service>-images."
  }
  assert {
    condition     = aws_ecr_repository.this.image_tag_mutability == "IMMUTABLE_WITH_EXCLUSION"
    error_message = "Tags must be immutable but for the environment's: make deploy skips a push when the revision tag exists."
  }
  assert {
    condition     = length(aws_ecr_repository.this.image_tag_mutability_exclusion_filter) == 1 && aws_ecr_repository.this.image_tag_mutability_exclusion_filter[0].filter == "stg" && aws_ecr_repository.this.image_tag_mutability_exclusion_filter[0].filter_type == "WILDCARD"
    error_message = "Only the environment's tag (stg) may move: make deploy points it at the image it deploys."
  }
  assert {
    condition     = aws_ecr_repository.this.image_scanning_configuration[0].scan_on_push && aws_ecr_repository.this.encryption_configuration[0].encryption_type == "KMS"
    error_message = "Images must be scanned on push and encrypted with KMS."
  }
}

run "lifecycle_keeps_the_newest_images" {
  command = plan

  variables {
    keep_images = 20
  }

  assert {
    condition     = jsondecode(aws_ecr_lifecycle_policy.this.policy).rules[0].selection.countNumber == 20 && jsondecode(aws_ecr_lifecycle_policy.this.policy).rules[0].action.type == "expire"
    error_message = "The lifecycle policy must expire all but keep_images images."
  }
}

run "rejects_keeping_no_images" {
  command = plan

  variables {
    keep_images = 0
  }

  expect_failures = [var.keep_images]
}
