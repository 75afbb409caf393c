##@ CI and terraform guards

# TFGUARD, AFFECTED_TOOL and PRCHECK run the repository's own tools from the tools module.
TFGUARD = cd $(ROOT) && go run ./tools/cmd/tfguard
AFFECTED_TOOL = cd $(ROOT) && go run ./tools/cmd/affected
PRCHECK = cd $(ROOT) && go run ./tools/cmd/prcheck

# BASE is the revision a change is compared with; empty means the merge base of HEAD with main.
BASE ?=
# FORMAT is the output of ci/affected: text for people, json for scripts.
FORMAT ?= text
# ALL=1 makes ci/affected ignore the diff and list everything (scheduled jobs, full runs).
ALL ?=
# PR_BODY_FILE holds a pull request's description for pr/check.
PR_BODY_FILE ?=
# PLAN_JSON and ALLOW_DESTROY feed tf/destroy-guard (make apply calls tfguard itself).
PLAN_JSON ?=
ALLOW_DESTROY ?=

.PHONY: ci/affected ci/actionlint tf/guard tf/destroy-guard tf/names tf/names-update pr/check
ci/affected: ## What a change affects and which test steps run (BASE=<rev> FORMAT=text|json ALL=1)
	$(call check-one-of,FORMAT,text json)
	@$(AFFECTED_TOOL) -format $(FORMAT) -steps "$(TEST_STEPS)" $(if $(BASE),-base $(BASE)) $(if $(filter 1,$(ALL)),-all)

ci/actionlint: $(ACTIONLINT) ## Lint the GitHub workflows with actionlint (pinned in tools/pins; shellcheck too when installed) and workflowpolicy (roles, prd from main, deploys after CI)
	@cd $(ROOT) && $(ACTIONLINT) .github/workflows/*.yml && echo "ci/actionlint: $(words $(wildcard $(ROOT)/.github/workflows/*.yml)) workflow(s) clean"
	@cd $(ROOT) && go run ./tools/cmd/workflowpolicy .github/workflows

tf/guard: ## Rename guard: fail on terraform renames, for_each switches and name changes without moved/removed blocks (BASE=<rev>)
	@$(TFGUARD) rename $(if $(BASE),-base $(BASE))

tf/destroy-guard: ## Destroy guard on a saved plan's JSON: fail on deletes/replaces not allowed (PLAN_JSON=<file> ALLOW_DESTROY=<addr,...>)
	$(call check-set,PLAN_JSON,the output of terraform show -json PLANFILE)
	@$(TFGUARD) destroy -plan $(abspath $(PLAN_JSON)) -allow '$(ALLOW_DESTROY)'

tf/names: ## Name-stability test: every stack's cloud-side names must equal the committed golden file
	@cd $(ROOT) && go test -count=1 -run 'TestRender_' ./tools/internal/namestability

tf/names-update: ## Rewrite the name-stability golden file after an intended rename (commit it with a migration note)
	@cd $(ROOT) && go test -count=1 -run 'TestRender_Golden' ./tools/internal/namestability -update
	@git -C $(ROOT) --no-pager diff --stat -- tools/internal/namestability/testdata/names.golden

pr/check: ## Check a pull request description: Summary and How it was verified filled in (PR_BODY_FILE=<file>)
	$(call check-set,PR_BODY_FILE,a file holding the pull request body)
	@$(PRCHECK) $(abspath $(PR_BODY_FILE))

TEST_STEPS += tf/guard ci/actionlint
