// Package offlineaws is an offline stand-in for the hashicorp/aws terraform provider: a
// tfprotov5.ProviderServer that serves the real provider's schema (package awsschema) and plans
// and applies against a simulated account (package account) instead of AWS.
//
// # What it proves
//
//   - The configuration is valid against the real provider's schema: every argument exists, every
//     required one is set, blocks are blocks, references name real attributes (terraform itself
//     checks these against the schema served here).
//   - Names respect AWS's limits (nameLimits: length and characters of SQS queues, load balancers,
//     target groups, IAM roles, Lambda functions, S3 buckets, RDS identifiers, ...), reported at
//     validate time with the provider's own messages.
//   - Plans look like the real provider's: computed attributes are unknown until apply, changes
//     to arguments that force a new resource (forceNew) plan a replacement, tags_all merges the
//     provider's default_tags; so guards that read plans (destroy, rename, replacement of
//     stateful resources) see what they would see against AWS.
//   - Apply produces ids and ARNs in each service's real format (identities), deterministically,
//     and a second plan is empty.
//   - A fresh account's missing prerequisites fail the apply (freshAccountChecks, on create and
//     on the updates that call the same API): a Lambda function whose S3 object nobody uploaded,
//     an ECS service whose image tag nobody pushed, a listener whose ACM certificate is not
//     issued, a certificate validation whose DNS records do not exist, a record in a hosted zone
//     that does not exist. Data sources that look things up (aws_ecr_image, aws_s3_object,
//     aws_route53_zone, aws_secretsmanager_secret, aws_iam_openid_connect_provider) fail at plan
//     when the account lacks what they look for.
//   - allowed_account_ids / forbidden_account_ids and region behave as in the real provider.
//
// # What it cannot prove
//
// Anything AWS decides beyond the encoded rules: IAM evaluation, quotas, service-side validation
// of arguments other than names, eventual consistency, default values AWS fills in (they stay
// null here unless the attribute is listed as computed), and whether the running system works.
// Those need the real provider (TF_ACC=1) and an account.
//
// # Environment
//
// EnvAccountID (TSUMIKI_OFFLINE_AWS_ACCOUNT_ID) names the caller's account, DefaultAccountID when
// unset. EnvStateDir (TSUMIKI_OFFLINE_AWS_STATE_DIR) is the directory of the simulated accounts
// shared by every provider process; unset, each process has its own in-memory account (enough
// for validate, plan and terraform test; then ReadResource keeps the state it is given).
//
// # Errors
//
// Every failure reaches terraform as a diagnostic: name limits at the offending attribute,
// fresh-account failures worded like the AWS API error the real provider would show, and data
// sources of the schema that are not implemented here name their type.
package offlineaws
