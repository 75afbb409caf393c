##@ Pull requests

# PRCHECK runs the repository's own pull request checker from the tools module.
PRCHECK = cd $(ROOT) && go run ./tools/cmd/prcheck
# PR_BODY_FILE holds a pull request's description for pr/check.
PR_BODY_FILE ?=

.PHONY: pr/check
pr/check: ## Check a PR description: Summary and How it was verified (PR_BODY_FILE=<file>)
	$(call check-set,PR_BODY_FILE,a file holding the pull request body)
	@$(PRCHECK) $(abspath $(PR_BODY_FILE))
