# The staging numbers other documents promise (todo-api design doc: 1 day of backups).

run "keeps_one_day_of_point_in_time_recovery" {
  command = apply

  assert {
    condition     = output.database.backup_retention_days == 1
    error_message = "stg keeps 1 day of backups (the todo-api design doc's number)."
  }
}

run "load_balancer_is_disposable" {
  command = apply

  assert {
    condition     = output.todo_api.load_balancer_deletion_protection == false
    error_message = "stg is disposable (DESIGN.md): its load balancer has no deletion protection."
  }
}

run "names_its_own_account_and_state" {
  command = apply

  assert {
    condition     = output.environment == "stg" && can(regex("^[0-9]{12}$", output.account_id)) && output.state_bucket == "tsumiki-stg-platform-tfstate"
    error_message = "stg must name a 12-digit account and its own state bucket."
  }
}

# The state bucket is named by a literal here and in every backend block (backends cannot call
# modules); this keeps the literal equal to what modules/naming computes for it.
run "state_bucket_name_comes_from_naming" {
  command = apply

  module {
    source = "../../../modules/naming"
  }

  variables {
    environment = "stg"
    service     = "platform"
    component   = "tfstate"
  }

  assert {
    condition     = output.id == run.names_its_own_account_and_state.state_bucket
    error_message = "terraform/stg/env state_bucket must equal modules/naming's name for platform/tfstate."
  }
}
