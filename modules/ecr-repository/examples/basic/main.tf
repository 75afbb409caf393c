module "todo_api_images" {
  source = "../.."

  environment = "stg"
  service     = "todo-api"
}
