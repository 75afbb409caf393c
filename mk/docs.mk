##@ Docs

# DOCSLINT runs tools/cmd/docslint from the tools module.
DOCSLINT = cd $(ROOT)/tools && go run ./cmd/docslint -root $(ROOT)

.PHONY: docs/lint
docs/lint: ## Check the design docs: every section filled in, mermaid parses, links resolve
	@if ! command -v chromium >/dev/null 2>&1; then $(MAKE) deps/chromium; fi
	@$(MAKE) deps/npm
	@$(DOCSLINT)
