# The old modules/lambda-function: created from an object nothing in the configuration uploads.
resource "aws_lambda_function" "this" {
  function_name = module.name.id
  s3_bucket     = var.package_s3_bucket
  s3_key        = var.package_s3_key
}
