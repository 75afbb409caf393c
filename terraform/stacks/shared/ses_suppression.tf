# SES adds an address to the account-level suppression list by itself when a mail to it hard
# bounces or draws a complaint, and then drops every later mail to it, for every configuration
# set of the account. The mailer also writes the list from the configuration set's events
# (terraform/stacks/mailer/ses_events.tf) and checks it before each send, so a suppressed
# address is refused before SES is asked. Source:
# https://docs.aws.amazon.com/ses/latest/dg/sending-email-suppression-list.html
resource "aws_sesv2_account_suppression_attributes" "this" {
  suppressed_reasons = ["BOUNCE", "COMPLAINT"]
}
