terraform {
  backend "s3" {
    bucket = "tsumiki-stg-platform-tfstate"
    key    = "stg/app/terraform.tfstate"
    region = "ap-northeast-1"
  }
}
