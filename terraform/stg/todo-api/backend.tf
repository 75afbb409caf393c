terraform {
  # The backend cannot use variables, so each root names its own key: <env>/<stack>/terraform.tfstate.
  backend "s3" {
    bucket       = "tsumiki-stg-platform-tfstate"
    key          = "stg/todo-api/terraform.tfstate"
    region       = "ap-northeast-1"
    encrypt      = true
    use_lockfile = true
  }
}
