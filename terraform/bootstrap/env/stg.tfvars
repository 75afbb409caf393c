# Must match terraform/stg/env (account_id).
environment = "stg"
account_id  = "111111111111"
# Who may assume tsumiki-stg-platform-engineer (make apply by hand): the IAM Identity Center
# permission set's roles. Replace with your organisation's permission set (README, Credentials).
engineer_principal_arns = ["arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_TsumikiEngineer_*"]
