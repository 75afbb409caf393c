# The old modules/rds-postgres and modules/ecs-service: a parameter group replaced before it
# is destroyed under the same fixed name, a database that may not take the major upgrade, and
# a target group with a fixed name and no create_before_destroy.
resource "aws_db_parameter_group" "this" {
  name   = module.name.id
  family = "postgres15"

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "this" {
  identifier           = module.name.id
  parameter_group_name = aws_db_parameter_group.this.name
}

resource "aws_lb_target_group" "this" {
  name     = module.target_group_name.id
  port     = 8080
  protocol = "HTTP"
}
