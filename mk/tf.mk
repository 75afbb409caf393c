##@ Terraform

# TF_ENVS are the environments with stacks: every terraform/<env>/ that holds an env/ data module.
TF_ENVS := $(sort $(patsubst $(ROOT)/terraform/%/env/main.tf,%,$(wildcard $(ROOT)/terraform/*/env/main.tf)))
# TF_STACKS are the stack roots terraform/<env>/<stack>/ (env/ is data, not a stack), plus the
# per-account bootstrap root.
TF_STACKS := $(sort bootstrap $(filter-out env,$(notdir $(patsubst %/,%,$(wildcard $(addprefix $(ROOT)/terraform/,$(addsuffix /*/,$(TF_ENVS))))))))
# TF_MODULES are the reusable modules.
TF_MODULES := $(sort $(notdir $(patsubst %/,%,$(wildcard $(ROOT)/modules/*/))))
# Directories `terraform test` runs in offline: provider-free ones with tests/ (modules/naming,
# terraform/<env>/env). The others need the AWS provider and run only with TF_ACC=1.
TF_TEST_DIRS := $(sort $(patsubst $(ROOT)/%/,%,$(dir $(patsubst %/,%,$(dir $(wildcard $(ROOT)/modules/*/tests/*.tftest.hcl $(ROOT)/terraform/*/env/tests/*.tftest.hcl))))))
TF_PROVIDER_FREE := $(foreach d,$(TF_TEST_DIRS),$(if $(shell grep -ls 'hashicorp/aws' $(ROOT)/$(d)/*.tf),,$(d)))

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
# TFLINT is built once from the version pinned in tools/go.mod (GOWORK=off: the tool's own
# module graph, not the workspace's).
TFLINT := $(BIN)/tflint
TF_SH = ROOT='$(ROOT)' ENV='$(ENV)' STACK='$(STACK)' ALLOW_DESTROY='$(ALLOW_DESTROY)' AUTO_APPROVE='$(AUTO_APPROVE)' TERRAFORM='$(TERRAFORM)' TF_GUARD='$(TF_GUARD)' TF_WHOAMI='$(TF_WHOAMI)' $(ROOT)/mk/tf.sh
# Terraform runs offline-friendly: no prompts, an empty CLI config unless a real one exists.
TF_OFFLINE_ENV = TF_IN_AUTOMATION=1 TF_INPUT=0 TF_CLI_CONFIG_FILE="$$( [[ -f "$${TF_CLI_CONFIG_FILE:-}" ]] && echo "$$TF_CLI_CONFIG_FILE" || { mkdir -p $(LOCAL)/tf && : > $(LOCAL)/tf/terraformrc && echo $(LOCAL)/tf/terraformrc; } )"

define tf-check-target
	$(call check-one-of,ENV,$(TF_ENVS))
	$(call check-one-of,STACK,$(TF_STACKS))
endef

.PHONY: tf/init tf/plan tf/drift tf/whoami apply tf/fmt tf/fmt-check tf/lint tf/tflint tf/policy tf/test tf/validate tf/docs tf/docs-check tf/stacks
tf/init: ## Initialise a stack's working directory (ENV=stg|prd STACK=<stack>)
	$(tf-check-target)
	@$(TF_SH) init

tf/plan: ## Plan a stack to .local/tf/<env>-<stack>.tfplan without applying (ENV=stg|prd STACK=<stack>)
	$(tf-check-target)
	@$(TF_SH) plan

tf/drift: ## Fail (exit 2) when a stack's real resources differ from its code (ENV=stg|prd STACK=<stack>)
	$(tf-check-target)
	@$(TF_SH) drift

apply: ## Plan, summarise, destroy-guard, confirm, apply that plan (ENV=stg|prd STACK=<stack> [ALLOW_DESTROY=addr,..] [AUTO_APPROVE=1])
	$(tf-check-target)
	@$(TF_SH) apply

tf/whoami: ## Check that the current AWS credentials are for a stack's account (allowed_account_ids); tf/plan and apply run it first (ENV=stg|prd STACK=<stack>)
	$(tf-check-target)
	@cd $(ROOT) && $(TF_WHOAMI) -env '$(ENV)' -stack '$(STACK)'

tf/stacks: ## List the environments and stacks that ENV= and STACK= accept
	@echo "environments: $(TF_ENVS)"
	@echo "stacks:       $(TF_STACKS)"
	@echo "modules:      $(TF_MODULES)"

tf/fmt: ## Format every .tf and .tftest.hcl file
	@export $(TF_OFFLINE_ENV) && $(TERRAFORM) fmt -recursive $(ROOT)/modules $(ROOT)/terraform $(ROOT)/tools/internal/tfpolicy/testdata

tf/fmt-check: ## Fail if any terraform file is not formatted (make tf/fmt fixes it)
	@export $(TF_OFFLINE_ENV) && $(TERRAFORM) fmt -check -diff -recursive $(ROOT)/modules >&2 && $(TERRAFORM) fmt -check -diff -recursive $(ROOT)/terraform >&2 \
		|| { echo "error: terraform files are not formatted; run make tf/fmt" >&2; exit 1; }
	@echo "tf/fmt-check: every terraform file is formatted"

$(TFLINT): $(ROOT)/tools/go.mod
	@mkdir -p $(BIN)
	cd $(ROOT)/tools && GOWORK=off go build -o $(TFLINT) github.com/terraform-linters/tflint

tf/lint: tf/tflint tf/policy ## Lint every module and stack: tflint's terraform rules and the tfpolicy checker

tf/tflint: $(TFLINT) ## Run tflint (bundled terraform ruleset, offline, config .tflint.hcl) over modules/ and terraform/
	@cd $(ROOT)/modules && $(TFLINT) --recursive --config=$(ROOT)/.tflint.hcl -f compact
	@cd $(ROOT)/terraform && $(TFLINT) --recursive --config=$(ROOT)/.tflint.hcl -f compact
	@echo "tf/tflint: no issues"

tf/policy: ## Run the policy checker (tools/cmd/tfpolicy) over every module and stack
	@cd $(ROOT) && go run ./tools/cmd/tfpolicy -root .

tf/test: ## terraform test in provider-free modules (offline); with TF_ACC=1 also the provider-backed ones
	@set -e; for d in $(if $(filter 1,$(TF_ACC)),$(TF_TEST_DIRS),$(TF_PROVIDER_FREE)); do \
		echo "tf/test: $$d"; \
		( cd $(ROOT)/$$d && export $(TF_OFFLINE_ENV) && $(TERRAFORM) init -input=false -backend=false >/dev/null && $(TERRAFORM) test -no-color ) | tail -n 1; \
	done
	@$(if $(filter 1,$(TF_ACC)),true,skipped='$(filter-out $(TF_PROVIDER_FREE),$(TF_TEST_DIRS))'; \
		[[ -z "$$skipped" ]] || echo "tf/test: not run (they need the hashicorp/aws provider, which cannot be downloaded here; TF_ACC=1 runs them in CI): $$skipped")

# Directories terraform validate checks with TF_ACC=1: every module example and every stack root.
TF_VALIDATE_DIRS := $(sort $(patsubst $(ROOT)/%/,%,$(wildcard $(ROOT)/modules/*/examples/*/ $(addprefix $(ROOT)/terraform/,$(addsuffix /*/,$(TF_ENVS))) $(ROOT)/terraform/bootstrap/)))

tf/validate: ## terraform validate every example and stack (needs the AWS provider: runs only with TF_ACC=1, says why otherwise)
	@if [[ "$(TF_ACC)" != 1 ]]; then \
		echo "tf/validate: not run: terraform validate needs the hashicorp/aws provider, which cannot be downloaded here; TF_ACC=1 runs it (CI)"; \
	else set -e; for d in $(TF_VALIDATE_DIRS); do \
		echo "tf/validate: $$d"; \
		( cd $(ROOT)/$$d && export $(TF_OFFLINE_ENV) && $(TERRAFORM) init -input=false -backend=false >/dev/null && $(TERRAFORM) validate -no-color ); \
	done; fi

tf/docs: ## Regenerate the inputs/outputs tables in every module README (tools/cmd/tfdocs)
	@cd $(ROOT) && go run ./tools/cmd/tfdocs $(addprefix modules/,$(TF_MODULES))

tf/docs-check: ## Fail if a module README's inputs/outputs tables are out of date (make tf/docs fixes it)
	@cd $(ROOT) && go run ./tools/cmd/tfdocs -check $(addprefix modules/,$(TF_MODULES))

TEST_STEPS += tf/fmt-check tf/lint tf/test tf/validate tf/docs-check
