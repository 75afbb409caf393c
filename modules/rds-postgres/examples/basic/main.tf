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
}
