resource "aws_lambda_permission" "this" {
  statement_id  = "AllowS3"
  action        = "lambda:InvokeFunction"
  function_name = "example"
  principal     = "s3.amazonaws.com"
}
