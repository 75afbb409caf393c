##@ Development

# DEV runs tools/dev/dev.sh with the ports from mk/common.mk; override one on the command line
# when it is taken (make dev TODO_API_PORT=8081).
DEV = ROOT=$(ROOT) LOCAL=$(LOCAL) TODO_API_PORT=$(TODO_API_PORT) SES_PORT=$(SES_PORT) bash $(ROOT)/tools/dev/dev.sh

# APIDOCS_BUNDLE is the Redoc build todo-api embeds for /docs, copied from the version pinned in
# package.json.
APIDOCS_BUNDLE := $(ROOT)/services/todo-api/internal/apidocs/assets/redoc.standalone.js

.PHONY: dev dev/status dev/reset apidocs/bundle bench/dev
dev: ## Run the whole platform locally until Ctrl-C (TODO_API_PORT=8080)
	@$(DEV) run

dev/status: ## Show what make dev runs where: services, dependencies, local cloud resources
	@$(DEV) status

dev/reset: ## Wipe local state (database, logs, binaries, env); make dev then starts fresh
	@$(DEV) reset

apidocs/bundle: deps/npm ## Copy the pinned Redoc bundle into todo-api for its /docs page (go:embed)
	@test -f $(ROOT)/node_modules/redoc/bundles/redoc.standalone.js || { echo "error: node_modules/redoc is missing after npm ci: is redoc in package.json?" >&2; exit 2; }
	@cmp -s $(ROOT)/node_modules/redoc/bundles/redoc.standalone.js $(APIDOCS_BUNDLE) || \
		{ cp $(ROOT)/node_modules/redoc/bundles/redoc.standalone.js $(APIDOCS_BUNDLE) && echo "apidocs: copied redoc $$(node -p "require('$(ROOT)/node_modules/redoc/package.json').version") into $(APIDOCS_BUNDLE:$(ROOT)/%=%)"; }

bench/dev: ## Time make dev to its ready banner, cold (fresh clone) and warm
	@ROOT=$(ROOT) TODO_API_PORT=$(TODO_API_PORT) bash $(ROOT)/tools/dev/bench.sh
