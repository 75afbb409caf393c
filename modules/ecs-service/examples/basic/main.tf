module "worker" {
  source = "../.."

  environment     = "stg"
  service         = "todo-batch"
  component       = "worker"
  cluster_arn     = "arn:aws:ecs:ap-northeast-1:111111111111:cluster/tsumiki-stg-platform-cluster"
  image           = "111111111111.dkr.ecr.ap-northeast-1.amazonaws.com/tsumiki-stg-todo-batch-images:v1"
  command         = ["worker"]
  vpc_id          = "vpc-00000000000000000"
  subnet_ids      = ["subnet-00000000000000001", "subnet-00000000000000002"]
  log_kms_key_arn = "arn:aws:kms:ap-northeast-1:111111111111:key/00000000-0000-0000-0000-000000000000"

  endpoints_security_group_id      = "sg-0000000000000000e"
  gateway_endpoint_prefix_list_ids = { s3 = "pl-61a54008" }
}
