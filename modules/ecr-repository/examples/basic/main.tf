provider "aws" {
  region = "ap-northeast-1"
}

module "todo_api_images" {
  source = "../.."

  environment = "stg"
  service     = "todo-api"
}
