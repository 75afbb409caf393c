module "name" {
  source = "../naming"

  environment = var.environment
  service     = var.service
  component   = "images"
  max_length  = 255
}

resource "aws_ecr_repository" "this" {
  name = module.name.id
  # Tags are immutable: a deployed tag always means the same image, and `make deploy` can skip
  # a push when the tag already exists.
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
  }

  tags = module.name.tags
}

resource "aws_ecr_lifecycle_policy" "this" {
  repository = aws_ecr_repository.this.name

  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the ${var.keep_images} most recent images"
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = var.keep_images
      }
      action = { type = "expire" }
    }]
  })
}
