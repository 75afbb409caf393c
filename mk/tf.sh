#!/usr/bin/env bash
# tf.sh runs one terraform operation on one stack for mk/tf.mk: init, plan, drift, apply, or
# bootstrap (the first apply of terraform/bootstrap in a new account).
#
#   ENV=stg STACK=network mk/tf.sh apply
#
# Inputs (environment): ROOT (repository root), ENV, STACK, ALLOW_DESTROY (comma-separated
# addresses the destroy guard lets through), AUTO_APPROVE=1 (skip the confirmation: CI only),
# TERRAFORM (default terraform), TF_GUARD (the destroy guard command, default
# `go run ./tools/cmd/tfguard`, run from ROOT), TF_WHOAMI (the credentials check, default
# `go run ./tools/cmd/tfwhoami`, run from ROOT), GIT (default git).
#
# plan, drift and apply first check that the current credentials are for the stack's account
# (tfwhoami: allowed_account_ids), before init can touch another account's state bucket.
#
# plan: plan to a file and write its JSON (terraform show -json) next to it, <plan>.json.
#
# apply: plan to a file, print the summary, run the destroy guard on that plan, ask for
# confirmation, and apply exactly that plan file. For prd it first requires a clean tree on
# main, up to date with origin/main. Make has already checked that ENV and STACK are valid.
#
# bootstrap: the same apply with the state kept locally (the state bucket does not exist yet;
# an override file swaps the S3 backend for a local one), then `init -migrate-state` copies
# that state into the bucket the apply created. Afterwards bootstrap is a normal stack.
#
# init always runs with -lockfile=readonly: every root commits its .terraform.lock.hcl
# (tfpolicy rule provider-lock), and neither CI nor a laptop may rewrite it on the side.
set -euo pipefail

op=${1:?usage: tf.sh init|plan|drift|apply|bootstrap}
: "${ROOT:?ROOT is required}" "${ENV:?ENV is required}" "${STACK:?STACK is required}"
TERRAFORM=${TERRAFORM:-terraform}
TF_GUARD=${TF_GUARD:-go run ./tools/cmd/tfguard}
TF_WHOAMI=${TF_WHOAMI:-go run ./tools/cmd/tfwhoami}
GIT=${GIT:-git}
ALLOW_DESTROY=${ALLOW_DESTROY:-}
AUTO_APPROVE=${AUTO_APPROVE:-}

say() { printf 'tf: %s\n' "$*" >&2; }
die() { printf 'tf: error: %s\n' "$*" >&2; exit 1; }

# Terraform runs non-interactively with a plugin cache under .local; a TF_CLI_CONFIG_FILE that
# points to a missing file (a common leftover) is replaced by an empty one instead of warning.
state_dir="$ROOT/.local/tf"
mkdir -p "$state_dir/plugin-cache"
export TF_IN_AUTOMATION=1 TF_INPUT=0
export TF_PLUGIN_CACHE_DIR=${TF_PLUGIN_CACHE_DIR:-$state_dir/plugin-cache}
if [[ -z "${TF_CLI_CONFIG_FILE:-}" || ! -f "${TF_CLI_CONFIG_FILE}" ]]; then
  : >"$state_dir/terraformrc"
  export TF_CLI_CONFIG_FILE="$state_dir/terraformrc"
fi

# bootstrap is one root for every account, configured per environment by files; the other
# stacks are thin roots terraform/<env>/<stack> with everything in their own files. Each
# account's bootstrap gets its own working directory (TF_DATA_DIR), so applying stg and then
# prd from one checkout never meets "Backend configuration changed".
init_args=(-lockfile=readonly) var_args=() backend_args=()
if [[ "$STACK" == bootstrap ]]; then
  dir="$ROOT/terraform/bootstrap"
  backend_args=(-backend-config="env/$ENV.s3.tfbackend")
  var_args=(-var-file="env/$ENV.tfvars")
  export TF_DATA_DIR="$state_dir/bootstrap-$ENV"
else
  dir="$ROOT/terraform/$ENV/$STACK"
fi
[[ -d "$dir" ]] || die "no stack directory $dir"
plan_file="$state_dir/$ENV-$STACK.tfplan"
tf() { "$TERRAFORM" -chdir="$dir" "$@"; }

require_releasable_main() {
  local branch head upstream
  [[ -z "$("$GIT" -C "$ROOT" status --porcelain)" ]] ||
    die "prd applies need a clean tree; commit or remove these first:
$("$GIT" -C "$ROOT" status --short)"
  branch=$("$GIT" -C "$ROOT" rev-parse --abbrev-ref HEAD)
  [[ "$branch" == main ]] || die "prd applies run from main, not '$branch'"
  "$GIT" -C "$ROOT" fetch --quiet origin main || die "cannot fetch origin/main to check main is up to date"
  head=$("$GIT" -C "$ROOT" rev-parse HEAD)
  upstream=$("$GIT" -C "$ROOT" rev-parse origin/main)
  [[ "$head" == "$upstream" ]] || die "main ($head) is not origin/main ($upstream); pull (or push) first"
}

init() { tf init -input=false "${init_args[@]}" "${backend_args[@]}" >&2; }

# whoami stops when the credentials belong to another account than the stack allows; it says
# "skipped" (and lets terraform speak) when there is no aws CLI or no credentials.
whoami() {
  (cd "$ROOT" && $TF_WHOAMI -env "$ENV" -stack "$STACK") >&2 ||
    die "the current AWS credentials cannot plan or apply $ENV/$STACK (see above)"
}

# summarize prints adds, changes, replaces and destroys of the saved plan (terraform plan has
# just printed the plan itself).
summarize() {
  local text adds=0 changes=0 destroys=0 replaces
  text=$(tf show -no-color "$plan_file")
  if [[ "$text" =~ Plan:\ ([0-9]+)\ to\ add,\ ([0-9]+)\ to\ change,\ ([0-9]+)\ to\ destroy ]]; then
    adds=${BASH_REMATCH[1]} changes=${BASH_REMATCH[2]} destroys=${BASH_REMATCH[3]}
  fi
  replaces=$(grep -cE '^ *# .* must be replaced' <<<"$text" || true)
  # terraform counts a replacement as one add and one destroy; show them apart.
  printf '\nSummary for %s/%s: %d to add, %d to change, %d to replace, %d to destroy\n' \
    "$ENV" "$STACK" "$((adds - replaces))" "$changes" "$replaces" "$((destroys - replaces))" >&2
}

confirm() {
  if [[ "$AUTO_APPROVE" == 1 ]]; then
    say "AUTO_APPROVE=1: applying without asking"
    return
  fi
  local answer=""
  printf "Apply this plan to %s/%s? Only 'yes' applies: " "$ENV" "$STACK" >&2
  read -r answer || true
  [[ "$answer" == yes ]] || die "not applied (answer was '${answer}'; CI passes AUTO_APPROVE=1)"
}

# plan_guard_apply plans to a file, prints the summary, runs the destroy guard on that plan,
# asks, and applies exactly that plan.
plan_guard_apply() {
  rm -f "$plan_file" "$plan_file.json"
  tf plan -input=false "${var_args[@]}" -out="$plan_file"
  summarize
  tf show -json "$plan_file" >"$plan_file.json"
  say "destroy guard (ALLOW_DESTROY='$ALLOW_DESTROY')"
  (cd "$ROOT" && $TF_GUARD destroy -plan "$plan_file.json" -allow "$ALLOW_DESTROY") ||
    die "the destroy guard refused this plan; if a delete/replace is intended, name it: ALLOW_DESTROY=<address,...>"
  confirm
  tf apply -input=false "$plan_file"
  rm -f "$plan_file" "$plan_file.json"
}

case "$op" in
init)
  init
  ;;
plan)
  whoami
  init
  rm -f "$plan_file" "$plan_file.json"
  tf plan -input=false "${var_args[@]}" -out="$plan_file"
  summarize
  # The JSON (values resolved) is what the policy checker and the rehearsal read.
  tf show -json "$plan_file" >"$plan_file.json"
  say "plan saved to $plan_file and its JSON to $plan_file.json (make apply plans afresh and shows it again before applying)"
  ;;
drift)
  whoami
  init
  rc=0
  tf plan -input=false -lock=false -detailed-exitcode "${var_args[@]}" || rc=$?
  case $rc in
  0) say "no drift: $ENV/$STACK matches its code" ;;
  2) say "drift: $ENV/$STACK differs from its code (see the plan above)"; exit 2 ;;
  *) die "plan failed for $ENV/$STACK (exit $rc)" ;;
  esac
  ;;
apply)
  if [[ "$ENV" == prd ]]; then require_releasable_main; fi
  whoami
  init
  plan_guard_apply
  ;;
bootstrap)
  [[ "$STACK" == bootstrap ]] || die "only STACK=bootstrap has a first run; other stacks start with make apply"
  if [[ "$ENV" == prd ]]; then require_releasable_main; fi
  whoami
  # The bucket the S3 backend names does not exist before this apply: keep the state in a
  # local file until the bucket does. The override file replaces the backend block
  # (terraform's override files); it is removed however this ends.
  local_state="$state_dir/bootstrap-$ENV.tfstate"
  override="$dir/first_run_override.tf"
  # Once the bucket exists the S3 backend initialises: the first run is over (unless a local
  # state waits to be migrated, when an earlier first run stopped after its apply).
  if [[ ! -f "$local_state" ]] && tf init -input=false -reconfigure "${init_args[@]}" "${backend_args[@]}" >/dev/null 2>&1; then
    die "$ENV/bootstrap already keeps its state in S3: run make apply ENV=$ENV STACK=bootstrap"
  fi
  trap 'rm -f "$override"' EXIT
  printf '# Written by mk/tf.sh bootstrap for the first run only; never commit it.\nterraform {\n  backend "local" {\n    path = "%s"\n  }\n}\n' "$local_state" >"$override"
  say "first run of $ENV/bootstrap: state in $local_state until the state bucket exists"
  tf init -input=false -reconfigure "${init_args[@]}" >&2
  plan_guard_apply
  rm -f "$override"
  say "migrating the state of $ENV/bootstrap into the bucket it created (env/$ENV.s3.tfbackend)"
  tf init -input=false -migrate-state -force-copy "${init_args[@]}" "${backend_args[@]}" >&2
  rm -f "$local_state" "$local_state.backup"
  say "$ENV/bootstrap now keeps its state in S3: from now on run make apply ENV=$ENV STACK=bootstrap"
  ;;
*)
  die "unknown operation '$op' (init, plan, drift, apply, bootstrap)"
  ;;
esac
