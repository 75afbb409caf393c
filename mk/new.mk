##@ Services

# NAME and KIND are new/service's parameters; DESCRIPTION and OWNER are optional.
# NEW_KINDS are the kinds tools/internal/scaffold knows (TestNewMk_Kinds keeps this list and the
# package's equal).
NEW_KINDS := http worker lambda
KIND ?=
DESCRIPTION ?=
OWNER ?=
# SCAFFOLD_FULL=1 makes new/verify run the whole make test per kind in its scratch clone.
SCAFFOLD_FULL ?=
# SCAFFOLD_KINDS narrows new/verify to some kinds (SCAFFOLD_KINDS=http); empty means all.
SCAFFOLD_KINDS ?=
# SCAFFOLD_TEST_ARGS are extra arguments of that make test (SCAFFOLD_TEST_ARGS='SHORT=1 TEST_SKIP=e2e').
SCAFFOLD_TEST_ARGS ?=
SCAFFOLD = cd $(ROOT) && go run ./tools/cmd/scaffold

.PHONY: new/service new/verify
new/service: ## Scaffold a service: code, doc, stack (NAME=<name> KIND=http|worker|lambda)
	$(call check-set,NAME,the service name: lower-case letters and digits with single hyphens; e.g. NAME=billing-api)
	$(call check-one-of,KIND,$(NEW_KINDS))
	@$(SCAFFOLD) new -name '$(NAME)' -kind '$(KIND)' $(if $(DESCRIPTION),-description '$(DESCRIPTION)') $(if $(OWNER),-owner '$(OWNER)')

new/verify: ## Check make new/service in a scratch clone (SCAFFOLD_FULL=1: whole make test)
	$(foreach k,$(SCAFFOLD_KINDS),$(if $(filter $(k),$(NEW_KINDS)),,$(error unknown kind '$(k)' in SCAFFOLD_KINDS; one of: $(NEW_KINDS))))
	@$(SCAFFOLD) verify $(if $(filter 1,$(SCAFFOLD_FULL)),-full -make-test-args '$(SCAFFOLD_TEST_ARGS)') $(SCAFFOLD_KINDS)

TEST_STEPS += new/verify
