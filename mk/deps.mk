##@ Local dependencies

# DEPS runs tools/localaws/deps.sh with the ports from mk/common.mk. Override a port on the
# command line when it is taken (make deps/up PG_PORT=55433); .local/env follows.
DEPS = ROOT=$(ROOT) LOCAL=$(LOCAL) PG_PORT=$(PG_PORT) SQS_PORT=$(SQS_PORT) SES_PORT=$(SES_PORT) \
	DYNAMODB_PORT=$(DYNAMODB_PORT) S3_PORT=$(S3_PORT) bash $(ROOT)/tools/localaws/deps.sh

.PHONY: deps/up deps/down deps/status deps/clean deps/npm
deps/up: ## Start PostgreSQL and the AWS stand-ins, write .local/env (no-op when running)
	@$(DEPS) up

deps/down: ## Stop everything deps/up started (data in .local/pg is kept)
	@$(DEPS) down

deps/status: ## Show each local dependency: running or stopped, pid and endpoint
	@$(DEPS) status

deps/clean: ## Stop the local dependencies and delete their data, logs and pid files
	@$(DEPS) clean

deps/npm: ## Install the pinned node packages (npm ci; no-op while the lock is unchanged)
	@$(DEPS) npm
