terraform {
  # Partial configuration: env/<env>.s3.tfbackend names the bucket and the key
  # <env>/bootstrap/terraform.tfstate (one root, one state per account).
  backend "s3" {
    use_lockfile = true
    encrypt      = true
  }
}
