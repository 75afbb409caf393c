module "name" {
  source = "../naming"

  environment = var.environment
  service     = var.service
  component   = "images"
  max_length  = 255
}

resource "aws_ecr_repository" "this" {
  name = module.name.id
  # Tags are immutable: a revision tag always means the same image, and `make deploy` can skip
  # a push when it already exists. The one exception is the environment's own tag (stg, prd),
  # which `make deploy` moves to the image it deploys, so that "what runs in stg" has a name.
  # ECR API Reference, ImageTagMutabilityExclusionFilter: filter_type WILDCARD, filter
  # ^[0-9a-zA-Z._*-]{1,128}$ (an exact tag is a wildcard without *).
  image_tag_mutability = "IMMUTABLE_WITH_EXCLUSION"

  image_tag_mutability_exclusion_filter {
    filter      = var.environment
    filter_type = "WILDCARD"
  }

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
