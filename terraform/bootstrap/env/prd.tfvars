# Must match terraform/prd/env (account_id).
environment = "prd"
account_id  = "222222222222"
# Who may assume tsumiki-prd-platform-engineer (make apply by hand): the IAM Identity Center
# permission set's roles. Replace with your organisation's permission set (README, Credentials).
engineer_principal_arns = ["arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_TsumikiEngineer_*"]
