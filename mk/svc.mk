##@ Services

# What each service is comes from its services/<name>/service.yaml (tools/internal/svcdef); the
# make variables generated from the definitions are described in mk/common.mk.

# SVCDEF runs tools/cmd/svcdef, which reads the definitions.
SVCDEF := cd $(ROOT) && go run ./tools/cmd/svcdef

# SVCDEF_MK is remade whenever a definition, the list of service folders or svcdef itself
# changes; make then restarts with the new values. A broken definition prints its errors here
# (and fails make svc/check) while make carries on with the previous values.
$(SVCDEF_MK): $(SERVICE_FILES) $(ROOT)/services $(wildcard $(ROOT)/services/*/) \
		$(wildcard $(ROOT)/tools/internal/svcdef/*.go $(ROOT)/tools/cmd/svcdef/*.go)
	@if command -v go >/dev/null; then $(SVCDEF) make -o $@; \
	else echo "warning: generating $(@:$(ROOT)/%=%) needs Go (make doctor lists what to install)" >&2; fi

.PHONY: svc/list svc/check svc/generate
svc/list: ## List the services: kind, stack, owners (from services/*/service.yaml)
	@$(foreach s,$(SERVICES),printf '%-14s %-7s stack %-14s %s\n' '$(s)' '$(SERVICE_KIND_$(s))' '$(SERVICE_STACK_$(s))' '$(SERVICE_OWNERS_$(s))';)

svc/check: ## Check every service.yaml, the paths it names, CODEOWNERS, generated files
	@$(SVCDEF) check

svc/generate: ## Rewrite what follows service.yaml: deploy.yml, README lists, CODEOWNERS
	@$(SVCDEF) generate

TEST_STEPS += svc/check
