module "name" {
  source = "../naming"

  environment = var.environment
  service     = "platform"
  component   = "cluster"
  max_length  = 255
}

resource "aws_ecs_cluster" "this" {
  name = module.name.id

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = module.name.tags
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}
