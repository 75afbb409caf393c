module "mail" {
  source = "../.."

  environment = "stg"
  service     = "mailer"
  domain      = "stg.mail.example.com"
}
