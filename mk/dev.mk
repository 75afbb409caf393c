##@ Development

# make dev runs the services their definitions (services/*/service.yaml) name, migrating those
# in MIGRATE_SERVICES first; override a port on the command line when it is taken
# (make dev TODO_API_PORT=8081).

.PHONY: dev dev/status dev/reset bench/dev
dev: _local-bin ## Run the whole platform locally until Ctrl-C (TODO_API_PORT=8080)
	@$(LOCAL_RUN) dev -migrate "$(MIGRATE_SERVICES)"

dev/status: _local-bin ## Show what make dev runs where: services, dependencies, local settings
	@$(LOCAL_RUN) dev-status

dev/reset: _local-bin ## Wipe local state (database, logs, binaries, env); make dev then starts fresh
	@$(LOCAL_RUN) reset

bench/dev: ## Time make dev to its ready banner, cold (fresh clone) and warm
	@ROOT=$(ROOT) TODO_API_PORT=$(TODO_API_PORT) bash $(ROOT)/tools/dev/bench.sh
