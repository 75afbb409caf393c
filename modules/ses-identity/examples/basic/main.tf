provider "aws" {
  region = "ap-northeast-1"
}

module "mail" {
  source = "../.."

  environment = "stg"
  service     = "mailer"
  domain      = "stg.mail.example.com"
}
