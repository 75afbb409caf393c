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

# TEST_BACKGROUND lists <step>:<file> pairs: when make test begins, mk/test.sh builds, niced in
# the background, the file of each step that will run, in this order, so compiling the pinned
# tools overlaps the steps before the first one that needs them. The linter's go/lint comes
# after go/test. govulncheck is built only when go/vuln will run (its offline database
# exists); a skipped step builds nothing.
TEST_BACKGROUND = ci/actionlint:$(ACTIONLINT) go/lint:$(LINT) \
	$(if $(wildcard $(VULNDB)/index/db.json),go/vuln:$(GOVULNCHECK))
# TEST_LANE are the steps mk/test.sh runs in a second lane, in this order, while the others
# run: the terraform steps (terraform and the offline provider). None uses a port or the
# database, and the main lane's go/test and e2e spend much of their time waiting on PostgreSQL,
# the stand-ins and make dev. new/verify stays in the main lane, after go/test, go/lint and
# go/vuln: its scratch clone builds what those steps build (the tools module's tests, go vet's
# export data, linux/arm64 artifacts). Beside them, on a fresh machine, it compiled the same
# packages at the same time as they did, twice over (about 150 CPU-seconds).
TEST_LANE = $(filter tf/%,$(TEST_STEPS))

.PHONY: test test/steps lint
test: ## Run every CI check, then a summary (AFFECTED=1: only what a change needs)
	@ROOT=$(ROOT) MAKE='$(MAKE)' AFFECTED='$(AFFECTED)' BASE='$(BASE)' \
		TEST_BACKGROUND='$(strip $(TEST_BACKGROUND))' TEST_LANE='$(TEST_LANE)' bash $(ROOT)/mk/test.sh $(filter-out $(TEST_SKIP),$(TEST_STEPS))

test/steps: ## Print make test's step list (TEST_STEPS), one per line
	@printf '%s\n' $(TEST_STEPS)

lint: ## Run the fast static checks only: help/lint, go/lint, docs/lint
	@ROOT=$(ROOT) MAKE='$(MAKE)' bash $(ROOT)/mk/test.sh help/lint go/lint docs/lint
