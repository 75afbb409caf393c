data "terraform_remote_state" "network" {
  backend = "s3"

  config = {
    bucket = var.state_bucket
    key    = "${var.environment}/network/terraform.tfstate"
    region = var.region
  }
}

resource "aws_security_group" "this" {
  vpc_id = data.terraform_remote_state.network.outputs.vpc_identifier
}
