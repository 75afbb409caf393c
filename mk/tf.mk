##@ Terraform

# AWS_PROVIDER_VERSION is the one place the hashicorp/aws version is pinned: every
# required_providers constraint is "~> <its minor>.0" and every root's committed
# .terraform.lock.hcl locks exactly this version (tfpolicy rule provider-lock checks both).
AWS_PROVIDER_VERSION := 6.57.1
# AWS_SCHEMA_PACKAGE is the one pin of where the committed provider schema
# (tools/internal/awsschema/aws.json) comes from: the CDK Terrain bindings generated from
# hashicorp/aws 6.45.0 (`npm view @cdktn/provider-aws@24.1.0 cdktn`). An older minor than
# AWS_PROVIDER_VERSION is the safe direction: minor versions only add arguments.
AWS_SCHEMA_PACKAGE := @cdktn/provider-aws@24.1.0
# AWS_SCHEMA_INTEGRITY is the package tarball's checksum as the npm registry publishes it
# (`npm view $(AWS_SCHEMA_PACKAGE) dist.integrity`); make tf/schema refuses another tarball.
AWS_SCHEMA_INTEGRITY := sha512-G7ETnOAhM7crDBrhgfypedNkWeDgdWNEQadL582qmvar13k2Ry2sWrYZJNERi8IXVtqq5CVwVl1aHUt64b8+xA==
# The tarball `npm pack` writes (@scope/name@v -> scope-name-v.tgz), cached by version: 37 MB,
# downloaded only by make tf/schema, never by make test.
TF_SCHEMA_TGZ := $(LOCAL)/tf/schema-pkg/$(subst @,-,$(subst /,-,$(patsubst @%,%,$(AWS_SCHEMA_PACKAGE)))).tgz

# TF_ENVS are the environments with stacks: every terraform/<env>/ that holds an env/ data module.
TF_ENVS := $(sort $(patsubst $(ROOT)/terraform/%/env/main.tf,%,$(wildcard $(ROOT)/terraform/*/env/main.tf)))
# TF_STACKS are the stack roots terraform/<env>/<stack>/ (env/ is data, not a stack), plus the
# per-account bootstrap root.
TF_STACKS := $(sort bootstrap $(filter-out env,$(notdir $(patsubst %/,%,$(wildcard $(addprefix $(ROOT)/terraform/,$(addsuffix /*/,$(TF_ENVS))))))))
# TF_MODULES are the reusable modules.
TF_MODULES := $(sort $(notdir $(patsubst %/,%,$(wildcard $(ROOT)/modules/*/))))
# TF_VALIDATE_DIRS are what make tf/validate checks: every module, every module example and every
# root (terraform/<env>/<stack>, terraform/<env>/env, terraform/bootstrap), in that order.
TF_VALIDATE_DIRS := $(addprefix modules/,$(TF_MODULES)) \
	$(sort $(patsubst $(ROOT)/%/,%,$(wildcard $(ROOT)/modules/*/examples/*/))) \
	$(sort $(patsubst $(ROOT)/%/,%,$(wildcard $(addprefix $(ROOT)/terraform/,$(addsuffix /*/,$(TF_ENVS))) $(ROOT)/terraform/bootstrap/)))
# TF_TEST_DIRS are the directories with tests/*.tftest.hcl that make tf/test runs: modules,
# stack roots, terraform/<env>/env.
TF_TEST_DIRS := $(sort $(patsubst $(ROOT)/%/,%,$(dir $(patsubst %/,%,$(dir $(wildcard $(ROOT)/modules/*/tests/*.tftest.hcl $(ROOT)/terraform/*/tests/*.tftest.hcl $(ROOT)/terraform/*/*/tests/*.tftest.hcl))))))

.PHONY: tf/schema tf/schema-check
$(TF_SCHEMA_TGZ):
	@mkdir -p $(@D) && rm -rf $(@D)/tmp && mkdir $(@D)/tmp
	@echo "tf/schema: downloading $(AWS_SCHEMA_PACKAGE) (37 MB, once per version)"
	@cd $(@D)/tmp && npm pack --silent $(AWS_SCHEMA_PACKAGE) >/dev/null
	@got="sha512-$$(openssl dgst -sha512 -binary $(@D)/tmp/$(@F) | openssl base64 -A)"; \
		[[ "$$got" == "$(AWS_SCHEMA_INTEGRITY)" ]] || { echo "error: $(AWS_SCHEMA_PACKAGE) tarball has checksum $$got, want AWS_SCHEMA_INTEGRITY $(AWS_SCHEMA_INTEGRITY)" >&2; exit 1; }
	@mv $(@D)/tmp/$(@F) $@ && rmdir $(@D)/tmp

tf/schema: $(TF_SCHEMA_TGZ) ## Derive tools/internal/awsschema/aws.json from AWS_SCHEMA_PACKAGE
	@cd $(ROOT) && go run ./tools/cmd/tfschema -root . -package $(TF_SCHEMA_TGZ) -want-package $(AWS_SCHEMA_PACKAGE)

tf/schema-check: ## Fail if a .tf file uses an aws_ type the committed schema lacks
	@cd $(ROOT) && go run ./tools/cmd/tfschema -check -root . -want-package $(AWS_SCHEMA_PACKAGE)

TEST_STEPS += tf/schema-check

ENV ?=
STACK ?=
ALLOW_DESTROY ?=
AUTO_APPROVE ?=
TF_ACC ?=
TERRAFORM ?= terraform
# TF_GUARD is the destroy guard make apply runs on the saved plan (tools/cmd/tfguard).
TF_GUARD ?= go run ./tools/cmd/tfguard
# TF_WHOAMI checks the credentials' account against the stack's before a plan (tools/cmd/tfwhoami).
TF_WHOAMI ?= go run ./tools/cmd/tfwhoami
TF_SH = ROOT='$(ROOT)' ENV='$(ENV)' STACK='$(STACK)' ALLOW_DESTROY='$(ALLOW_DESTROY)' AUTO_APPROVE='$(AUTO_APPROVE)' TERRAFORM='$(TERRAFORM)' TF_GUARD='$(TF_GUARD)' TF_WHOAMI='$(TF_WHOAMI)' $(ROOT)/mk/tf.sh

# The offline hashicorp/aws provider (TF_PROVIDER_PKG in tools/: the real provider's
# schema, a simulated account) and the CLI config that installs it through dev_overrides.
# Only the offline checks use that config (TF_OFFLINE_ENV): make tf/plan and make apply keep
# the user's own CLI config (mk/tf.sh), unless the caller sets TF_CLI_CONFIG_FILE to it on
# purpose (the rehearsal does).
TF_PROVIDER_PKG := ./cmd/terraform-provider-aws
TF_PROVIDER_DIR := $(BIN)/offline-aws
TF_PROVIDER := $(TF_PROVIDER_DIR)/terraform-provider-aws
TF_OFFLINE_RC := $(LOCAL)/tf/offline.tfrc
# TF_DATA_DIRS holds one terraform data directory per checked directory (TF_DATA_DIR), so the
# offline checks leave the source tree and the stacks' own .terraform/ alone.
TF_DATA_DIRS := $(LOCAL)/tf/data
# Terraform for the offline checks: no prompts, the offline provider.
TF_OFFLINE_ENV = TF_IN_AUTOMATION=1 TF_INPUT=0 TF_CLI_CONFIG_FILE=$(TF_OFFLINE_RC)
# Terraform with the real providers from the registry (TF_ACC=1, CI): no prompts, the user's CLI
# config if it exists (an empty one otherwise), a shared plugin cache.
TF_REAL_ENV = TF_IN_AUTOMATION=1 TF_INPUT=0 TF_PLUGIN_CACHE_DIR=$(LOCAL)/tf/plugin-cache \
	TF_CLI_CONFIG_FILE="$$( [[ -f "$${TF_CLI_CONFIG_FILE:-}" ]] && echo "$$TF_CLI_CONFIG_FILE" || { mkdir -p $(LOCAL)/tf/plugin-cache && : > $(LOCAL)/tf/terraformrc && echo $(LOCAL)/tf/terraformrc; } )"
# TF_CHECK runs terraform validate / test over directories and counts (tools/cmd/tfcheck).
TF_CHECK = cd $(ROOT) && $(if $(filter 1,$(TF_ACC)),export $(TF_REAL_ENV) TERRAFORM='$(TERRAFORM)' && mkdir -p $(LOCAL)/tf/plugin-cache,export $(TF_OFFLINE_ENV) TERRAFORM='$(TERRAFORM)') && go run ./tools/cmd/tfcheck
TF_CHECK_FLAGS = -data-dir $(TF_DATA_DIRS)/$(if $(filter 1,$(TF_ACC)),real -init,offline)

define tf-check-target
	$(call check-one-of,ENV,$(TF_ENVS))
	$(call check-one-of,STACK,$(TF_STACKS))
endef

.PHONY: tf/init tf/plan tf/drift tf/whoami apply tf/bootstrap tf/fmt tf/fmt-check tf/lint tf/policy tf/provider tf/test tf/validate tf/docs tf/docs-check tf/stacks tf/rehearse
tf/init: ## Initialise a stack's working directory (ENV=stg|prd STACK=<stack>)
	$(tf-check-target)
	@$(TF_SH) init

tf/plan: ## Plan a stack to .local/tf/<env>-<stack>.tfplan (ENV=stg|prd STACK=<stack>)
	$(tf-check-target)
	@$(TF_SH) plan

tf/drift: ## Exit 2 when a stack's real resources differ from its code (ENV= STACK=)
	$(tf-check-target)
	@$(TF_SH) drift

apply: ## Plan, guard, ask, apply (ENV= STACK= [ALLOW_DESTROY=a,b] [AUTO_APPROVE=1])
	$(tf-check-target)
	@$(TF_SH) apply

tf/whoami: ## Check the AWS credentials are for the stack's account (ENV= STACK=)
	$(tf-check-target)
	@cd $(ROOT) && $(TF_WHOAMI) -env '$(ENV)' -stack '$(STACK)'

tf/bootstrap: ## First apply of terraform/bootstrap in an account (ENV= [AUTO_APPROVE=1])
	$(call check-one-of,ENV,$(TF_ENVS))
	@$(subst STACK='$(STACK)',STACK='bootstrap',$(TF_SH)) bootstrap

tf/stacks: ## List the environments and stacks that ENV= and STACK= accept
	@echo "environments: $(TF_ENVS)"
	@echo "stacks:       $(TF_STACKS)"
	@echo "modules:      $(TF_MODULES)"

tf/fmt: $(TF_OFFLINE_RC) ## Format every .tf and .tftest.hcl file
	@export $(TF_OFFLINE_ENV) && $(TERRAFORM) fmt -recursive $(ROOT)/modules $(ROOT)/terraform $(ROOT)/tools/internal/tfpolicy/testdata

tf/fmt-check: $(TF_OFFLINE_RC) ## Fail if any terraform file is not formatted (make tf/fmt fixes it)
	@export $(TF_OFFLINE_ENV) && $(TERRAFORM) fmt -check -diff -recursive $(ROOT)/modules >&2 && $(TERRAFORM) fmt -check -diff -recursive $(ROOT)/terraform >&2 \
		|| { echo "error: terraform files are not formatted; run make tf/fmt" >&2; exit 1; }
	@echo "tf/fmt-check: every terraform file is formatted"

# tfpolicy also runs the rules of tflint's terraform ruleset ("all" preset; tfpolicy's
# rules_tflint.go), so tflint itself is not built: from source it cost minutes on a fresh machine.
tf/lint: tf/policy ## Lint every module and stack: tfpolicy (tflint's terraform rules included)

tf/policy: ## Run the policy checker (tools/cmd/tfpolicy) over every module and stack
	@cd $(ROOT) && go run ./tools/cmd/tfpolicy -root .

# The provider binary is rebuilt when a Go file or embedded file of a package it is built from
# changes: after each build, `go list -deps` writes those files (the ones inside this repository)
# as its prerequisites into $(TF_PROVIDER).d, with an empty rule each so a deleted file is no
# error (like gcc -MD -MP).
-include $(TF_PROVIDER).d
$(TF_PROVIDER): $(ROOT)/go.work $(ROOT)/tools/go.mod $(ROOT)/tools/go.sum
	@[[ -d $(ROOT)/tools/$(TF_PROVIDER_PKG) ]] || { echo "error: tools/$(TF_PROVIDER_PKG:./%=%) does not exist; the offline provider is built from it" >&2; exit 1; }
	@mkdir -p $(TF_PROVIDER_DIR)
	cd $(ROOT)/tools && go build -o $@ $(TF_PROVIDER_PKG)
	@# go build leaves an identical binary untouched; make compares timestamps.
	@touch $@
	@cd $(ROOT)/tools && go list -deps -f '{{if not .Standard}}{{$$d := .Dir}}{{range .GoFiles}}{{$$d}}/{{.}}{{"\n"}}{{end}}{{range .EmbedFiles}}{{$$d}}/{{.}}{{"\n"}}{{end}}{{end}}' $(TF_PROVIDER_PKG) \
		| grep '^$(ROOT)/' | sort -u > $@.files
	@{ printf '$@:'; printf ' %s' $$(cat $@.files); printf '\n'; sed 's/$$/:/' $@.files; } > $@.d && rm -f $@.files

# The CLI config is rewritten only when its text changes (a different TF_PROVIDER_DIR), so its
# timestamp says when it last changed.
$(TF_OFFLINE_RC): .tf-always
	@mkdir -p $(dir $@)
	@printf '%s\n' \
		'# Written by make (mk/tf.mk): installs hashicorp/aws from the offline provider that make' \
		'# tf/provider builds. terraform init must not run with it (init asks the registry for the' \
		'# provider and fails offline); validate, plan, apply and test need no provider init, and' \
		'# terraform get installs local modules.' \
		'provider_installation {' \
		'  dev_overrides {' \
		'    "hashicorp/aws" = "$(TF_PROVIDER_DIR)"' \
		'  }' \
		'  direct {}' \
		'}' > $@.new
	@if cmp -s $@.new $@; then rm -f $@.new; else mv -f $@.new $@ && echo "tf/provider: wrote $(patsubst $(ROOT)/%,%,$@)"; fi

.PHONY: .tf-always
.tf-always:

tf/provider: $(TF_PROVIDER) $(TF_OFFLINE_RC) ## Build the offline hashicorp/aws provider and write .local/tf/offline.tfrc
	@echo "tf/provider: $(patsubst $(ROOT)/%,%,$(TF_PROVIDER)) is up to date; TF_CLI_CONFIG_FILE=$(patsubst $(ROOT)/%,%,$(TF_OFFLINE_RC)) installs it"

tf/test: $(if $(filter 1,$(TF_ACC)),,tf/provider) ## terraform test every tests/*.tftest.hcl offline (TF_ACC=1: the real provider)
	@$(TF_CHECK) test $(TF_CHECK_FLAGS) $(TF_TEST_DIRS)

tf/validate: $(if $(filter 1,$(TF_ACC)),,tf/provider) ## terraform validate every module, example and root, offline (TF_ACC=1: real)
	@$(TF_CHECK) validate $(TF_CHECK_FLAGS) $(TF_VALIDATE_DIRS)

tf/docs: ## Regenerate module READMEs' inputs/outputs and design docs' Alerts tables
	@cd $(ROOT) && go run ./tools/cmd/tfdocs -alerts . $(addprefix modules/,$(TF_MODULES))

tf/docs-check: ## Fail if module README tables or design-doc Alerts tables are stale
	@cd $(ROOT) && go run ./tools/cmd/tfdocs -check -alerts . $(addprefix modules/,$(TF_MODULES))

# tf/rehearse works in a scratch copy of the repository under .local/rehearse (kept for
# inspection) with its own S3 stand-in on an ephemeral port; tools/cmd/tfrehearse says how.
tf/rehearse: tf/provider ## Rehearse a fresh account: bootstrap and every stack of stg and prd, offline
	@cd $(ROOT) && go run ./tools/cmd/tfrehearse -provider $(TF_PROVIDER)

TEST_STEPS += tf/fmt-check tf/lint tf/validate tf/test tf/docs-check tf/rehearse

# PLAN_JSON feeds tf/destroy-guard (make apply runs the destroy guard itself).
PLAN_JSON ?=

.PHONY: tf/guard tf/destroy-guard tf/names tf/names-update
tf/guard: ## Rename guard: fail on renames without moved/removed blocks (BASE=<rev>)
	@cd $(ROOT) && $(TF_GUARD) rename $(if $(BASE),-base $(BASE))

tf/destroy-guard: ## Fail on deletes/replaces in a plan's JSON (PLAN_JSON=<file> ALLOW_DESTROY=..)
	$(call check-set,PLAN_JSON,the output of terraform show -json PLANFILE)
	@cd $(ROOT) && $(TF_GUARD) destroy -plan $(abspath $(PLAN_JSON)) -allow '$(ALLOW_DESTROY)'

tf/names: ## Name stability: every stack's cloud-side names equal the golden file
	@cd $(ROOT) && go test -count=1 -run 'TestRender_' ./tools/internal/namestability

tf/names-update: ## Rewrite the names golden file after an intended rename (commit it)
	@cd $(ROOT) && go test -count=1 -run 'TestRender_Golden' ./tools/internal/namestability -update
	@git -C $(ROOT) --no-pager diff --stat -- tools/internal/namestability/testdata/names.golden

TEST_STEPS += tf/guard
