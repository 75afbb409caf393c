locals {
  state_bucket = "tsumiki-stg-platform-tfstate"
}
