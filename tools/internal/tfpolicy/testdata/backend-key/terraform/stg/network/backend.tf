# Copied from the database root and not updated: it would overwrite the database's state.
terraform {
  backend "s3" {
    bucket       = "tsumiki-prd-platform-tfstate"
    key          = "stg/database/terraform.tfstate"
    region       = "ap-northeast-1"
    use_lockfile = true
  }
}
