# Plan-level tests against the hashicorp/aws provider make tf/test installs: the offline one
# (the real schema and plan rules, a simulated account) by default, the real one with TF_ACC=1.
# The provider settings let the real one plan without credentials or AWS calls.
provider "aws" {
  region                      = "ap-northeast-1"
  access_key                  = "offline-test"
  secret_key                  = "offline-test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

variables {
  environment         = "stg"
  cidr_block          = "10.20.0.0/16"
  flow_log_bucket     = "tsumiki-stg-platform-logs"
  availability_zones  = ["ap-northeast-1a", "ap-northeast-1c"]
  interface_endpoints = ["sqs"]
}

run "public_and_private_subnet_per_az" {
  command = plan

  assert {
    condition     = toset(keys(aws_subnet.this)) == toset(["public-ap-northeast-1a", "public-ap-northeast-1c", "private-ap-northeast-1a", "private-ap-northeast-1c"])
    error_message = "Each AZ must get one public and one private subnet, keyed <tier>-<az>."
  }
  assert {
    condition     = aws_subnet.this["public-ap-northeast-1a"].cidr_block == "10.20.0.0/20" && aws_subnet.this["private-ap-northeast-1c"].cidr_block == "10.20.144.0/20"
    error_message = "Public subnets take the first /20 blocks, private ones the /20 blocks from index 8."
  }
  assert {
    condition     = alltrue([for s in aws_subnet.this : !s.map_public_ip_on_launch])
    error_message = "No subnet may give instances public IPs by default."
  }
  assert {
    condition     = aws_subnet.this["private-ap-northeast-1c"].tags["Name"] == "tsumiki-stg-platform-subnet-private-c"
    error_message = "Subnet names must come from naming with the tier and AZ letter."
  }
}

run "nat_gateway_per_az_unless_single" {
  command = plan

  assert {
    condition     = length(aws_nat_gateway.this) == 2 && length(aws_eip.nat) == 2
    error_message = "Without single_nat_gateway every AZ must get its own NAT gateway."
  }
}

run "single_nat_gateway_in_staging" {
  command = plan

  variables {
    single_nat_gateway = true
  }

  assert {
    condition     = keys(aws_nat_gateway.this) == ["ap-northeast-1a"] && length(aws_route_table.private) == 2
    error_message = "single_nat_gateway must create one NAT gateway (first AZ) that every private route table uses."
  }
}

run "gateway_endpoints_in_the_region" {
  command = plan

  assert {
    condition     = aws_vpc_endpoint.gateway["s3"].service_name == "com.amazonaws.ap-northeast-1.s3" && aws_vpc_endpoint.gateway["dynamodb"].vpc_endpoint_type == "Gateway"
    error_message = "S3 and DynamoDB must be reached through gateway endpoints of the provider's region."
  }
  assert {
    condition     = aws_vpc_endpoint.interface["sqs"].private_dns_enabled && aws_vpc_endpoint.interface["sqs"].service_name == "com.amazonaws.ap-northeast-1.sqs"
    error_message = "Interface endpoints must resolve the service's public name privately."
  }
}

run "rejects_a_single_az" {
  command = plan

  variables {
    availability_zones = ["ap-northeast-1a"]
  }

  expect_failures = [var.availability_zones]
}

run "rejects_a_small_vpc" {
  command = plan

  variables {
    cidr_block = "10.20.0.0/24"
  }

  expect_failures = [var.cidr_block]
}

# Every flow of the VPC, accepted or rejected, goes to the account's log bucket.
run "flow_logs_of_all_traffic_to_the_log_bucket" {
  command = plan

  assert {
    condition     = aws_flow_log.this.traffic_type == "ALL" && aws_flow_log.this.log_destination_type == "s3"
    error_message = "The VPC must log all traffic to S3."
  }
  assert {
    condition     = aws_flow_log.this.log_destination == "arn:aws:s3:::tsumiki-stg-platform-logs/vpc-flow-logs/"
    error_message = "Flow logs go to flow_log_bucket under vpc-flow-logs/."
  }
}
