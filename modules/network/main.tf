module "name" {
  source = "../naming"

  environment = var.environment
  service     = "platform"
  component   = "vpc"
}

module "subnet_name" {
  source   = "../naming"
  for_each = local.subnets

  environment = var.environment
  service     = "platform"
  component   = "subnet"
  attributes  = [each.value.tier, each.value.az_suffix]
}

data "aws_region" "current" {}

locals {
  # Subnets keyed "<tier>-<az>", so adding an AZ never renumbers existing ones.
  subnets = merge(
    { for i, az in var.availability_zones : "public-${az}" => { tier = "public", az = az, az_suffix = substr(az, -1, 1), cidr = cidrsubnet(var.cidr_block, 4, i) } },
    { for i, az in var.availability_zones : "private-${az}" => { tier = "private", az = az, az_suffix = substr(az, -1, 1), cidr = cidrsubnet(var.cidr_block, 4, i + 8) } },
  )
  nat_azs = var.single_nat_gateway ? [var.availability_zones[0]] : var.availability_zones
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(module.name.tags, { Name = module.name.id })
}

data "aws_partition" "current" {}

# Flow logs of the whole VPC, accepted and rejected, to the account's log bucket (S3: no log
# group, role or key to run, cheaper than CloudWatch Logs for this volume; the bucket's
# lifecycle expires them). Parquet with hourly Hive partitions, ready for Athena.
resource "aws_flow_log" "this" {
  vpc_id                   = aws_vpc.this.id
  traffic_type             = "ALL"
  log_destination_type     = "s3"
  log_destination          = "arn:${data.aws_partition.current.partition}:s3:::${var.flow_log_bucket}/vpc-flow-logs/"
  max_aggregation_interval = 600

  destination_options {
    file_format                = "parquet"
    hive_compatible_partitions = true
    per_hour_partition         = true
  }

  tags = merge(module.name.tags, { Name = module.name.id })
}

resource "aws_subnet" "this" {
  for_each = local.subnets

  vpc_id                  = aws_vpc.this.id
  availability_zone       = each.value.az
  cidr_block              = each.value.cidr
  map_public_ip_on_launch = false

  tags = merge(module.subnet_name[each.key].tags, { Name = module.subnet_name[each.key].id, Tier = each.value.tier })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id

  tags = merge(module.name.tags, { Name = module.name.id })
}

resource "aws_eip" "nat" {
  for_each = toset(local.nat_azs)

  domain = "vpc"

  tags = merge(module.subnet_name["public-${each.key}"].tags, { Name = module.subnet_name["public-${each.key}"].id })
}

resource "aws_nat_gateway" "this" {
  for_each = toset(local.nat_azs)

  allocation_id = aws_eip.nat[each.key].id
  subnet_id     = aws_subnet.this["public-${each.key}"].id

  tags = merge(module.subnet_name["public-${each.key}"].tags, { Name = module.subnet_name["public-${each.key}"].id })

  depends_on = [aws_internet_gateway.this]
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this.id
  }

  tags = merge(module.name.tags, { Name = "${module.name.id}-public" })
}

resource "aws_route_table" "private" {
  for_each = toset(var.availability_zones)

  vpc_id = aws_vpc.this.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.this[var.single_nat_gateway ? var.availability_zones[0] : each.key].id
  }

  tags = merge(module.subnet_name["private-${each.key}"].tags, { Name = module.subnet_name["private-${each.key}"].id })
}

resource "aws_route_table_association" "public" {
  for_each = toset(var.availability_zones)

  subnet_id      = aws_subnet.this["public-${each.key}"].id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table_association" "private" {
  for_each = toset(var.availability_zones)

  subnet_id      = aws_subnet.this["private-${each.key}"].id
  route_table_id = aws_route_table.private[each.key].id
}

# Gateway endpoints are free and keep S3 and DynamoDB traffic off the NAT gateways.
resource "aws_vpc_endpoint" "gateway" {
  for_each = toset(["s3", "dynamodb"])

  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.${data.aws_region.current.region}.${each.key}"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [for rt in aws_route_table.private : rt.id]

  tags = merge(module.name.tags, { Name = "${module.name.id}-${each.key}" })
}

resource "aws_security_group" "endpoints" {
  name        = "${module.name.id}-endpoints"
  description = "Interface VPC endpoints: HTTPS from inside the VPC"
  vpc_id      = aws_vpc.this.id

  tags = module.name.tags
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_https" {
  security_group_id = aws_security_group.endpoints.id
  cidr_ipv4         = var.cidr_block
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "HTTPS from the VPC"

  tags = module.name.tags
}

resource "aws_vpc_endpoint" "interface" {
  for_each = toset(var.interface_endpoints)

  vpc_id              = aws_vpc.this.id
  service_name        = "com.amazonaws.${data.aws_region.current.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [for az in var.availability_zones : aws_subnet.this["private-${az}"].id]
  security_group_ids  = [aws_security_group.endpoints.id]

  tags = merge(module.name.tags, { Name = "${module.name.id}-${replace(each.key, ".", "-")}" })
}
