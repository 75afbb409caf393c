##@ Test

# TEST_STEPS are the make targets `make test` runs, in order. The base steps are set in
# mk/common.mk; every mk file and service Makefile appends its own with `TEST_STEPS += target`.
# TEST_SKIP drops steps for one run (make test TEST_SKIP="go/vuln e2e"), for a quick local
# check; CI never sets it.
TEST_SKIP ?=

.PHONY: test lint
test: ## Run every check CI runs, then print a summary; non-zero on any failure
	@ROOT=$(ROOT) MAKE='$(MAKE)' bash $(ROOT)/mk/test.sh $(filter-out $(TEST_SKIP),$(TEST_STEPS))

lint: ## Run the fast static checks only: help/lint, go/lint, docs/lint
	@ROOT=$(ROOT) MAKE='$(MAKE)' bash $(ROOT)/mk/test.sh help/lint go/lint docs/lint
