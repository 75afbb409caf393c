##@ Development

# make dev runs the services their definitions (services/*/service.yaml) name, migrating those
# in MIGRATE_SERVICES first; override a port on the command line when it is taken
# (make dev TODO_API_PORT=8081).

# APIDOCS_BUNDLE is the Redoc build todo-api embeds for /docs, copied from the version pinned in
# package.json.
APIDOCS_BUNDLE := $(ROOT)/services/todo-api/internal/apidocs/assets/redoc.standalone.js

.PHONY: dev dev/status dev/reset apidocs/bundle bench/dev
dev: _local-bin apidocs/bundle ## Run the whole platform locally until Ctrl-C (TODO_API_PORT=8080)
	@$(LOCAL_RUN) dev -migrate "$(MIGRATE_SERVICES)"

dev/status: _local-bin ## Show what make dev runs where: services, dependencies, local settings
	@$(LOCAL_RUN) dev-status

dev/reset: _local-bin ## Wipe local state (database, logs, binaries, env); make dev then starts fresh
	@$(LOCAL_RUN) reset

apidocs/bundle: deps/npm ## Copy the pinned Redoc bundle into todo-api for its /docs page (go:embed)
	@test -f $(ROOT)/node_modules/redoc/bundles/redoc.standalone.js || { echo "error: node_modules/redoc is missing after npm ci: is redoc in package.json?" >&2; exit 2; }
	@cmp -s $(ROOT)/node_modules/redoc/bundles/redoc.standalone.js $(APIDOCS_BUNDLE) || \
		{ cp $(ROOT)/node_modules/redoc/bundles/redoc.standalone.js $(APIDOCS_BUNDLE) && echo "apidocs: copied redoc $$(node -p "require('$(ROOT)/node_modules/redoc/package.json').version") into $(APIDOCS_BUNDLE:$(ROOT)/%=%)"; }

bench/dev: ## Time make dev to its ready banner, cold (fresh clone) and warm
	@ROOT=$(ROOT) TODO_API_PORT=$(TODO_API_PORT) bash $(ROOT)/tools/dev/bench.sh
