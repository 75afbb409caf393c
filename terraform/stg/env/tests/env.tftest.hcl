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

# The API certificate and the mail identity are validated through records in the environment's
# zone: both names must lie inside it, and the zone must look like a Route 53 hosted zone ID.
run "domains_live_in_the_environment_zone" {
  command = apply

  assert {
    condition     = can(regex("^Z[0-9A-Z]{1,31}$", output.dns.zone_id))
    error_message = "dns.zone_id must be the ID of the environment's Route 53 hosted zone (Z...)."
  }
  assert {
    condition     = endswith(output.todo_api.host_name, ".${output.dns.zone_name}") && endswith(output.shared.mail_domain, ".${output.dns.zone_name}")
    error_message = "The API host name and the mail domain must be inside dns.zone_name, where terraform writes their validation records."
  }
}

# The log bucket is created by terraform/bootstrap (modules/state-backend names it with
# modules/naming) and named here for the stacks that deliver logs into it.
run "log_bucket_name_comes_from_naming" {
  command = apply

  module {
    source = "../../../modules/naming"
  }

  variables {
    environment = "stg"
    service     = "platform"
    component   = "logs"
    max_length  = 63
  }

  assert {
    condition     = output.id == run.names_its_own_account_and_state.logs.bucket
    error_message = "terraform/stg/env logs.bucket must equal modules/naming's name for platform/logs (modules/state-backend's log bucket)."
  }
}

run "routes_page_alarms_to_tickets" {
  command = apply

  assert {
    condition     = output.alarms.page_topic == "tickets"
    error_message = "stg pages nobody: its page-severity alarms notify the tickets topic."
  }
}
