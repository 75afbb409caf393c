# Offline tests of the naming module (no provider): `terraform test` in modules/naming.

variables {
  environment = "stg"
  service     = "mailer"
  component   = "queue"
}

run "builds_project_env_service_component" {
  command = apply

  assert {
    condition     = output.id == "tsumiki-stg-mailer-queue"
    error_message = "The name must be <project>-<env>-<service>-<component>."
  }
  assert {
    condition     = output.truncated == false
    error_message = "A short name must not be truncated."
  }
}

run "appends_attributes" {
  command = apply

  variables {
    environment = "local"
    component   = "queue"
    attributes  = ["dlq"]
  }

  assert {
    condition     = output.id == "tsumiki-local-mailer-queue-dlq"
    error_message = "Attributes must follow the component, hyphen-separated."
  }
}

run "sets_standard_tags" {
  command = apply

  assert {
    condition = output.tags == {
      Project     = "tsumiki"
      Environment = "stg"
      Service     = "mailer"
      ManagedBy   = "terraform"
      Repository  = "github.com/tsumiki-dev/tsumiki"
    }
    error_message = "The tags must be exactly Project, Environment, Service, ManagedBy, Repository."
  }
}

run "shortens_long_names_with_stable_hash" {
  command = apply

  variables {
    environment = "prd"
    service     = "todo-api"
    component   = "target-group"
    attributes  = ["blue"]
    max_length  = 32
  }

  # sha256("tsumiki-prd-todo-api-target-group-blue") starts with e308f61a. This value is a
  # contract: if it changes, every shortened cloud name changes and resources get replaced.
  assert {
    condition     = output.id == "tsumiki-prd-todo-api-ta-e308f61a"
    error_message = "A long name must be cut to max_length and end in the first 8 hex digits of sha256(full name)."
  }
  assert {
    condition     = length(output.id) == 32 && output.truncated
    error_message = "A shortened name must be exactly max_length long and marked truncated."
  }
  assert {
    condition     = output.full_name == "tsumiki-prd-todo-api-target-group-blue"
    error_message = "full_name must keep the unshortened name."
  }
}

run "drops_trailing_hyphen_before_hash" {
  command = apply

  variables {
    service    = "todo-batch"
    component  = "exports"
    attributes = ["archive", "2026"]
    max_length = 32
  }

  assert {
    condition     = output.id == "tsumiki-stg-todo-batch-c5564517"
    error_message = "A cut that ends on a hyphen must not produce a double hyphen before the hash."
  }
}

run "rejects_unknown_environment" {
  command = plan

  variables {
    environment = "production"
  }

  expect_failures = [var.environment]
}

run "rejects_upper_case_service" {
  command = plan

  variables {
    service = "TodoApi"
  }

  expect_failures = [var.service]
}

run "rejects_component_with_underscore" {
  command = plan

  variables {
    component = "dead_letter"
  }

  expect_failures = [var.component]
}

run "rejects_bad_attribute" {
  command = plan

  variables {
    attributes = ["DLQ"]
  }

  expect_failures = [var.attributes]
}

run "rejects_too_small_max_length" {
  command = plan

  variables {
    max_length = 8
  }

  expect_failures = [var.max_length]
}
