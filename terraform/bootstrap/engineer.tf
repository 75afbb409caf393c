# The role engineers assume to run `make tf/plan` and `make apply` by hand in this account
# (README, "Credentials for make apply"). Its trust names who may: the SSO permission set's roles
# or IAM principals given in env/<env>.tfvars, matched on aws:PrincipalArn because SSO role
# names end in a random suffix. Sign-in (and MFA) is enforced where those principals come from:
# IAM Identity Center, or the IAM users' own MFA policy.

module "engineer_role_name" {
  source = "../../modules/naming"

  environment = var.environment
  service     = "platform"
  component   = "engineer"
}

locals {
  engineer_principal_accounts = sort(distinct([for p in var.engineer_principal_arns : split(":", p)[4]]))
}

data "aws_iam_policy_document" "engineer_trust" {
  statement {
    actions = ["sts:AssumeRole", "sts:SetSourceIdentity"]

    principals {
      type        = "AWS"
      identifiers = [for a in local.engineer_principal_accounts : "arn:aws:iam::${a}:root"]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:PrincipalArn"
      values   = var.engineer_principal_arns
    }
  }
}

resource "aws_iam_role" "engineer" {
  name               = module.engineer_role_name.id
  assume_role_policy = data.aws_iam_policy_document.engineer_trust.json
  # A database apply can outlast an hour, and terraform cannot renew credentials mid-apply.
  max_session_duration = 14400

  tags = module.engineer_role_name.tags
}

resource "aws_iam_role_policy_attachment" "engineer" {
  for_each = toset(var.engineer_policy_arns)

  role       = aws_iam_role.engineer.name
  policy_arn = each.value
}
