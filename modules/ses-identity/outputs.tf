output "configuration_set_arn" {
  description = "ARN of the configuration set: SES authorises ses:SendEmail on it as well as on the identity when a mail names it."
  value       = aws_sesv2_configuration_set.this.arn
}

output "configuration_set_name" {
  description = "Configuration set to send with (requires TLS)."
  value       = aws_sesv2_configuration_set.this.configuration_set_name
}

output "dkim_tokens" {
  description = "DKIM tokens; publish <token>._domainkey.<domain> CNAME <token>.dkim.amazonses.com when route53_zone_id is null."
  value       = aws_sesv2_email_identity.this.dkim_signing_attributes[0].tokens
}

output "identity_arn" {
  description = "ARN of the domain identity (the resource of ses:SendEmail)."
  value       = aws_sesv2_email_identity.this.arn
}

output "mail_from_domain" {
  description = "MAIL FROM domain of the identity."
  value       = local.mail_from_domain
}
