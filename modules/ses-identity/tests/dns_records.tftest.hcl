# The identity verifies only once its DNS records exist: with a zone, terraform writes the three
# DKIM CNAMEs and the MAIL FROM MX and SPF records; without one, the tokens are an output to
# publish by hand. Until SES sees the MX record, mail goes out with the default MAIL FROM.

mock_provider "aws" {
  mock_resource "aws_sesv2_email_identity" {
    defaults = {
      arn = "arn:aws:ses:ap-northeast-1:111111111111:identity/mail.stg.tsumiki.example"
      # A block's mocked values are one object; terraform fills every block of that type with it.
      dkim_signing_attributes = {
        tokens = ["tokena", "tokenb", "tokenc"]
      }
    }
  }

  mock_data "aws_region" {
    defaults = {
      region = "ap-northeast-1"
    }
  }
}

variables {
  environment = "stg"
  service     = "mailer"
  domain      = "mail.stg.tsumiki.example"
}

run "zone_given_writes_dkim_and_mail_from_records" {
  command = apply

  variables {
    route53_zone_id = "Z0000000000000000STG1"
  }

  assert {
    condition     = [for r in aws_route53_record.dkim : r.name] == ["tokena._domainkey.mail.stg.tsumiki.example", "tokenb._domainkey.mail.stg.tsumiki.example", "tokenc._domainkey.mail.stg.tsumiki.example"]
    error_message = "Three DKIM CNAMEs, one per token, in the given zone."
  }
  assert {
    condition     = aws_route53_record.dkim[0].records == toset(["tokena.dkim.amazonses.com"])
    error_message = "Each DKIM CNAME points at <token>.dkim.amazonses.com."
  }
  assert {
    condition     = aws_route53_record.mail_from_mx[0].records == toset(["10 feedback-smtp.ap-northeast-1.amazonses.com"]) && aws_route53_record.mail_from_spf[0].records == toset(["v=spf1 include:amazonses.com ~all"])
    error_message = "MAIL FROM needs the MX to feedback-smtp.<region>.amazonses.com and the SPF TXT record."
  }
}

run "no_zone_outputs_the_tokens" {
  command = apply

  assert {
    condition     = length(aws_route53_record.dkim) == 0 && length(aws_route53_record.mail_from_mx) == 0 && output.dkim_tokens == tolist(["tokena", "tokenb", "tokenc"])
    error_message = "Without a zone no records are written and the DKIM tokens are an output."
  }
}

run "sends_before_the_mx_record_is_seen" {
  command = plan

  assert {
    condition     = aws_sesv2_email_identity_mail_from_attributes.this.behavior_on_mx_failure == "USE_DEFAULT_VALUE"
    error_message = "REJECT_MESSAGE would fail every send until SES has seen the MAIL FROM MX record."
  }
}
