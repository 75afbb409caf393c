##@ CI

# AFFECTED runs the repository's own tool from the tools module.
AFFECTED = cd $(ROOT) && go run ./tools/cmd/affected

# BASE is the revision a change is compared with (ci/affected, tf/guard); empty means the merge
# base of HEAD with main.
BASE ?=
# FORMAT is the output of ci/affected: text for people, json for CI matrices.
FORMAT ?= text
# ALL=1 makes ci/affected ignore the diff and list everything (scheduled jobs, full runs).
ALL ?=

# ACTIONLINT is built at the version tools/go.mod pins, in its own module graph: the tools
# module's graph selects a go.yaml.in/yaml/v4 (for gosec) whose API actionlint v1.7.12 does not
# compile against, so `go tool actionlint` cannot build there.
ACTIONLINT_VERSION = $(shell cd $(ROOT)/tools && GOWORK=off go list -m -f '{{.Version}}' github.com/rhysd/actionlint)
ACTIONLINT = $(BIN)/actionlint-$(ACTIONLINT_VERSION)

$(BIN)/actionlint-%:
	@mkdir -p $(BIN)/.actionlint-$*
	cd $(ROOT) && GOWORK=off GOBIN=$(BIN)/.actionlint-$* go install github.com/rhysd/actionlint/cmd/actionlint@$*
	@mv $(BIN)/.actionlint-$*/actionlint $@ && rmdir $(BIN)/.actionlint-$*

.PHONY: ci/affected ci/actionlint
ci/affected: ## List the modules, stacks, docs, workflows a change affects (BASE= FORMAT=)
	$(call check-one-of,FORMAT,text json)
	@$(AFFECTED) -format $(FORMAT) $(if $(BASE),-base $(BASE)) $(if $(filter 1,$(ALL)),-all)

ci/actionlint: ## Lint the workflows: actionlint, shellcheck if installed, workflowpolicy
	@$(MAKE) $(ACTIONLINT) >/dev/null
	@cd $(ROOT) && $(ACTIONLINT) .github/workflows/*.yml && echo "ci/actionlint: $(words $(wildcard $(ROOT)/.github/workflows/*.yml)) workflow(s) clean"
	@cd $(ROOT) && go run ./tools/cmd/workflowpolicy .github/workflows

TEST_STEPS += ci/actionlint
