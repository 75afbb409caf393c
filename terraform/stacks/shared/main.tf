# Account-wide building blocks the service stacks share: the key that encrypts every log group,
# the ECS cluster, one image repository per containerised service, the bucket Lambda packages are
# published to, and the SES identity.

module "logs_key" {
  source = "../../../modules/kms-key"

  environment = var.environment
  service     = "platform"
  component   = "logs"
}

module "cluster" {
  source = "../../../modules/ecs-cluster"

  environment = var.environment
}

locals {
  # The services are their definitions, services/<name>/service.yaml (tools/internal/svcdef),
  # not a list written here: every service that ships an image to ECS (kind http or worker)
  # gets a repository.
  services_dir   = "${path.module}/../../../services"
  services       = [for f in sort(fileset(local.services_dir, "*/service.yaml")) : yamldecode(file("${local.services_dir}/${f}"))]
  image_services = toset([for s in local.services : s.name if contains(["http", "worker"], s.kind)])
}

module "images" {
  source   = "../../../modules/ecr-repository"
  for_each = local.image_services

  environment = var.environment
  service     = each.key
}

module "artifacts" {
  source = "../../../modules/s3-bucket"

  environment                        = var.environment
  service                            = "platform"
  component                          = "artifacts"
  protected                          = var.protected
  noncurrent_version_expiration_days = 30
}

module "mail" {
  source = "../../../modules/ses-identity"

  environment     = var.environment
  service         = "mailer"
  domain          = var.mail_domain
  route53_zone_id = var.mail_route53_zone_id
}
