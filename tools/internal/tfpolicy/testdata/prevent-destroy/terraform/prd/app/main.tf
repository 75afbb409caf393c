module "bucket" {
  source = "../../../modules/bucket"

  protected = false
}
