##@ End-to-end

# E2E_GO_TEST runs the end-to-end tests in tools/e2e against the local platform (.local/env).
E2E_GO_TEST = cd $(ROOT)/tools && TSUMIKI_E2E=1 $(WITH_LOCAL_ENV) go test -count=1 -v ./e2e

.PHONY: e2e e2e/pipeline e2e/dev deps/chromium
e2e: e2e/pipeline e2e/dev ## End-to-end tests: API call in, reminder mail out; then make dev, up and down

e2e/pipeline: deps/chromium deps/up apidocs/bundle ## Todo via the API -> one reminder mail in local SES; restarts; bad mail -> DLQ
	@$(E2E_GO_TEST) -run '^TestReminderPipeline$$'

# make dev stops the dependencies when it ends; they are started again afterwards for the
# make test steps that follow this one.
e2e/dev: deps/chromium deps/up ## Run make dev as a person would: banner, curl, /docs and mail page in Chromium
	@rc=0; ( $(E2E_GO_TEST) -run '^TestMakeDev(_PortTaken|_ServiceCrash)?$$' ) || rc=$$?; \
	echo "e2e: starting the dependencies again (make dev stopped them)"; \
	$(MAKE) --no-print-directory deps/up >/dev/null || rc=1; exit $$rc

deps/chromium: ## Install Debian's chromium for the browser tests (apt-get; no-op when present)
	@if command -v chromium >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" -ne 0 ]; then echo "error: chromium is missing: sudo apt-get install chromium" >&2; exit 2; fi; \
	echo "deps: installing chromium (apt-get)"; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null

TEST_STEPS += e2e
