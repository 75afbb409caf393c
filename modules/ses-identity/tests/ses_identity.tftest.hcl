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
  service     = "mailer"
  domain      = "stg.tsumiki.example"
}

run "tls_only_configuration_set_named_by_naming" {
  command = plan

  assert {
    condition     = aws_sesv2_configuration_set.this.configuration_set_name == "tsumiki-stg-mailer-mail"
    error_message = "The configuration set name must come from naming."
  }
  assert {
    condition     = aws_sesv2_configuration_set.this.delivery_options[0].tls_policy == "REQUIRE"
    error_message = "Mail must only be delivered over TLS."
  }
  assert {
    condition     = toset(aws_sesv2_configuration_set.this.suppression_options[0].suppressed_reasons) == toset(["BOUNCE", "COMPLAINT"])
    error_message = "Bounces and complaints must be suppressed."
  }
}

run "identity_signs_with_2048_bit_dkim_and_bounces_to_a_subdomain" {
  command = plan

  assert {
    condition     = aws_sesv2_email_identity.this.email_identity == "stg.tsumiki.example" && aws_sesv2_email_identity.this.dkim_signing_attributes[0].next_signing_key_length == "RSA_2048_BIT"
    error_message = "The domain identity must sign with 2048-bit DKIM keys."
  }
  assert {
    condition     = aws_sesv2_email_identity_mail_from_attributes.this.mail_from_domain == "bounce.stg.tsumiki.example"
    error_message = "The MAIL FROM domain must be <mail_from_subdomain>.<domain>."
  }
}

run "rejects_an_upper_case_domain" {
  command = plan

  variables {
    domain = "Mail.Example.com"
  }

  expect_failures = [var.domain]
}
