# Fixture of the database-auth rule: each service breaks it once.

# The old way: the master secret injected at task start, a URL naming the master.
module "master" {
  source = "../../../modules/ecs-service"

  environment_variables = {
    DATABASE_URL = "postgres://tsumiki_admin@${data.terraform_remote_state.database.outputs.database_address}/tsumiki"
  }

  secrets = {
    PGPASSWORD = "${data.terraform_remote_state.database.outputs.database_secret_arn}:password::"
  }
}

# Logs in as todo_app, but may connect only as someone else.
module "wrong_user" {
  source = "../../../modules/ecs-service"

  environment_variables = {
    DATABASE_USER = "todo_app"
  }

  task_policy_statements = [
    {
      sid       = "Connect"
      actions   = ["rds-db:connect"]
      resources = ["arn:aws:rds-db:${var.region}:${var.account}:dbuser:${var.resource_id}/todo_migrator"]
    },
  ]
}

# Passes: connects as exactly the user it sets.
module "good" {
  source = "../../../modules/ecs-service"

  environment_variables = {
    DATABASE_USER = "todo_app"
  }

  task_policy_statements = [
    {
      sid       = "Connect"
      actions   = ["rds-db:connect"]
      resources = ["arn:aws:rds-db:${var.region}:${var.account}:dbuser:${var.resource_id}/todo_app"]
    },
  ]
}
