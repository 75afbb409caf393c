##@ Help

# Files whose targets `make help` lists, in the order they were included.
HELP_FILES = $(filter-out $(ROOT)/mk/common.mk,$(filter %Makefile %.mk,$(MAKEFILE_LIST)))

.PHONY: help
help: ## Show every target with its description, grouped by area
	@awk -f $(ROOT)/mk/help.awk $(HELP_FILES)

.PHONY: help/lint
help/lint: ## Fail if a public target has no '## ' description (invisible in make help)
	@awk -v lint=1 -f $(ROOT)/mk/help.awk $(HELP_FILES)
