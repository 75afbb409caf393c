# The production numbers other documents promise: the todo-api design doc's RPO and backup
# retention, and capacity that survives losing an AZ.

run "keeps_fourteen_days_of_point_in_time_recovery" {
  command = apply

  assert {
    condition     = output.database.backup_retention_days == 14
    error_message = "prd keeps 14 days of backups (the todo-api design doc's number)."
  }
  assert {
    condition     = output.database.multi_az
    error_message = "The prd database has a standby in a second AZ."
  }
}

run "survives_an_az_outage" {
  command = apply

  assert {
    condition     = !output.network.single_nat_gateway && length(output.network.availability_zones) >= 2 && output.todo_api.min_count >= 2
    error_message = "prd runs a NAT gateway per AZ, two or more AZs and at least two API tasks."
  }
}

run "visibility_timeout_budget_fits_lambda" {
  command = apply

  assert {
    condition     = 6 * output.mailer.timeout_seconds <= 43200 && output.mailer.maximum_concurrency >= 2
    error_message = "The mailer's queue visibility timeout (6 x timeout) must fit SQS's 12 h limit and concurrency be at least 2."
  }
}

run "load_balancer_refuses_deletion" {
  command = apply

  assert {
    condition     = output.todo_api.load_balancer_deletion_protection
    error_message = "prd keeps its load balancer: deletion protection on."
  }
}

run "names_its_own_account_and_state" {
  command = apply

  assert {
    condition     = output.environment == "prd" && can(regex("^[0-9]{12}$", output.account_id)) && output.state_bucket == "tsumiki-prd-platform-tfstate"
    error_message = "prd must name a 12-digit account and its own state bucket."
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
    environment = "prd"
    service     = "platform"
    component   = "tfstate"
  }

  assert {
    condition     = output.id == run.names_its_own_account_and_state.state_bucket
    error_message = "terraform/prd/env state_bucket must equal modules/naming's name for platform/tfstate."
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
    environment = "prd"
    service     = "platform"
    component   = "logs"
    max_length  = 63
  }

  assert {
    condition     = output.id == run.names_its_own_account_and_state.logs.bucket
    error_message = "terraform/prd/env logs.bucket must equal modules/naming's name for platform/logs (modules/state-backend's log bucket)."
  }
}

run "routes_page_alarms_to_pages" {
  command = apply

  assert {
    condition     = output.alarms.page_topic == "pages"
    error_message = "prd pages: its page-severity alarms notify the pages topic."
  }
}
