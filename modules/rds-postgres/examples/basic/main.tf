module "database" {
  source = "../.."

  environment           = "stg"
  service               = "todo-api"
  database_name         = "tsumiki"
  instance_class        = "db.t4g.micro"
  backup_retention_days = 1
  protected             = false
  vpc_id                = "vpc-00000000000000000"
  subnet_ids            = ["subnet-00000000000000001", "subnet-00000000000000002"]
  log_kms_key_arn       = "arn:aws:kms:ap-northeast-1:111111111111:key/00000000-0000-0000-0000-000000000000"
  log_retention_days    = 30
}
