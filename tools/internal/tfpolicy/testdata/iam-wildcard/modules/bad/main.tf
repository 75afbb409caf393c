data "aws_iam_policy_document" "this" {
  statement {
    actions   = ["s3:*"]
    resources = ["*"]
  }

  statement {
    # tfpolicy:allow iam-wildcard -- documented exception, must not be reported.
    actions   = ["kms:*"]
    resources = ["*"]
  }
}
