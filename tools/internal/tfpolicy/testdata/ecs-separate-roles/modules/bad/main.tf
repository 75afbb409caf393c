resource "aws_ecs_task_definition" "this" {
  family                = "example"
  task_role_arn         = aws_iam_role.this.arn
  execution_role_arn    = aws_iam_role.this.arn
  container_definitions = "[]"
}
