resource "aws_db_instance" "this" {
  identifier              = "example"
  storage_encrypted       = true
  deletion_protection     = false
  backup_retention_period = 0
}
