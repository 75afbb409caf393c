##@ Test

# TEST_STEPS are the make targets `make test` runs, in order. The base steps are set in
# mk/common.mk; every mk file and service Makefile appends its own with `TEST_STEPS += target`.
# `make test/steps` prints them: CI's workflow policy and affected's coverage test read that.
# TEST_SKIP drops steps for one run (make test TEST_SKIP="go/vuln e2e"), for a quick local
# check; CI never sets it.
TEST_SKIP ?=
# AFFECTED=1 makes `make test` run only the steps the change since BASE (mk/common.mk; default
# the merge base with main) needs, narrowed to the affected Go modules; the others are reported
# skipped with the why (tools/internal/affected says what each step covers). Pull requests run
# it that way; empty or 0 runs every step.
AFFECTED ?=

# TEST_BACKGROUND is started in the background when make test begins, if one of the steps in
# TEST_BACKGROUND_FOR runs (mk/test.sh): building the pinned tools then overlaps the steps before
# the first one that needs them.
TEST_BACKGROUND := tools
TEST_BACKGROUND_FOR := go/lint tf/lint ci/actionlint go/vuln
# TEST_LANE are the steps mk/test.sh runs in a second lane, in their order, while the others
# run: the terraform steps (terraform and the offline provider; no port, no npm, no database).
TEST_LANE = $(filter tf/%,$(TEST_STEPS))

.PHONY: test test/steps lint
test: ## Run every CI check, then a summary (AFFECTED=1: only what a change needs)
	@ROOT=$(ROOT) MAKE='$(MAKE)' AFFECTED='$(AFFECTED)' BASE='$(BASE)' \
		TEST_BACKGROUND='$(TEST_BACKGROUND)' TEST_BACKGROUND_FOR='$(TEST_BACKGROUND_FOR)' TEST_LANE='$(TEST_LANE)' bash $(ROOT)/mk/test.sh $(filter-out $(TEST_SKIP),$(TEST_STEPS))

test/steps: ## Print make test's step list (TEST_STEPS), one per line
	@printf '%s\n' $(TEST_STEPS)

lint: ## Run the fast static checks only: help/lint, go/lint, docs/lint
	@ROOT=$(ROOT) MAKE='$(MAKE)' bash $(ROOT)/mk/test.sh help/lint go/lint docs/lint
