// Command mailer is the mail consumer: an AWS Lambda handler for SQS events that renders and
// sends queued mail through SES v2, plus a local runner that feeds the same handler.
package main

func main() {}
