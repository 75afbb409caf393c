##@ Local dependencies

# LOCAL_CMD is the local platform's command (tools/cmd/local), built once per make run into
# .local/bin (go build's cache makes a rebuild of an unchanged tree cheap). LOCAL_RUN runs it
# with the ports from mk/common.mk; override a port on the command line when it is taken
# (make deps/up PG_PORT=55433); .local/env follows.
LOCAL_CMD := $(LOCAL)/bin/local
LOCAL_RUN = ROOT=$(ROOT) LOCAL=$(LOCAL) PG_PORT=$(PG_PORT) SQS_PORT=$(SQS_PORT) SES_PORT=$(SES_PORT) \
	DYNAMODB_PORT=$(DYNAMODB_PORT) S3_PORT=$(S3_PORT) $(foreach v,$(LOCAL_SERVICE_PORTS),$(v)=$($(v))) $(LOCAL_CMD)
# LOCAL_SERVICE_PORTS are the variables holding the http services' local ports, as their
# definitions name them (port_env; the SERVICE_PORT_ENV_<name> variables svcdef generates).
LOCAL_SERVICE_PORTS = $(sort $(foreach v,$(filter SERVICE_PORT_ENV_%,$(.VARIABLES)),$($(v))))
# WITH_LOCAL_ENV runs the command after it with .local/env loaded: the one way every recipe
# gives a service, tool or test the local platform's settings. Variables already in the
# environment win; a .local/env that outlived the stand-ins it describes is refused.
WITH_LOCAL_ENV = $(LOCAL_RUN) exec --

.PHONY: _local-bin deps/up deps/down deps/status deps/clean deps/npm
# _local-bin builds the local platform command; every deps/* and dev/* target runs it first.
_local-bin:
	@cd $(ROOT) && go build -o $(LOCAL_CMD) ./tools/cmd/local

deps/up: _local-bin ## Start PostgreSQL, the AWS stand-ins and the local resources; write .local/env
	@$(LOCAL_RUN) up

deps/down: _local-bin ## Stop everything deps/up started (data in .local/pg is kept)
	@$(LOCAL_RUN) down

deps/status: _local-bin ## Show each local dependency: running or stopped, pid and endpoint
	@$(LOCAL_RUN) status

deps/clean: _local-bin ## Stop the local dependencies and delete their data, logs and pid files
	@$(LOCAL_RUN) clean

deps/npm: _local-bin ## Install the pinned node packages (npm ci; no-op while the lock is unchanged)
	@$(LOCAL_RUN) npm

.PHONY: deps/chromium
deps/chromium: ## Install Debian's chromium for the browser tests (apt-get; no-op when present)
	@if command -v chromium >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" -ne 0 ]; then echo "error: chromium is missing: sudo apt-get install chromium" >&2; exit 2; fi; \
	echo "deps: installing chromium (apt-get)"; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
