##@ CI

# AFFECTED_TOOL runs the repository's own tool from the tools module (AFFECTED is make test's
# parameter).
AFFECTED_TOOL = cd $(ROOT) && go run ./tools/cmd/affected

# FORMAT is the output of ci/affected: text for people, json for scripts.
FORMAT ?= text
# ALL=1 makes ci/affected ignore the diff and list everything (scheduled jobs, full runs).
ALL ?=

.PHONY: ci/affected ci/actionlint
ci/affected: ## What a change affects and which test steps run (BASE=<rev> FORMAT= ALL=1)
	$(call check-one-of,FORMAT,text json)
	@$(AFFECTED_TOOL) -format $(FORMAT) -steps "$(TEST_STEPS)" $(if $(BASE),-base $(BASE)) $(if $(filter 1,$(ALL)),-all)

ci/actionlint: $(ACTIONLINT) ## Lint the workflows: actionlint, shellcheck if installed, workflowpolicy
	@cd $(ROOT) && $(ACTIONLINT) .github/workflows/*.yml && echo "ci/actionlint: $(words $(wildcard $(ROOT)/.github/workflows/*.yml)) workflow(s) clean"
	@cd $(ROOT) && go run ./tools/cmd/workflowpolicy .github/workflows

TEST_STEPS += ci/actionlint
