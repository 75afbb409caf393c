##@ End-to-end

# E2E_GO_TEST runs the end-to-end tests in tools/e2e against the local platform (.local/env).
E2E_GO_TEST = cd $(ROOT)/tools && TSUMIKI_E2E=1 $(WITH_LOCAL_ENV) go test -count=1 -v ./e2e

.PHONY: e2e e2e/pipeline e2e/dev
e2e: e2e/pipeline e2e/dev ## End-to-end tests: API call in, reminder mail out; then make dev, up and down

e2e/pipeline: deps/chromium deps/up ## Todo via the API -> one reminder mail in local SES; restarts; bad mail -> DLQ
	@$(E2E_GO_TEST) -run '^TestReminderPipeline$$'

# make dev stops the dependencies when it ends; they are started again afterwards for the
# make test steps that follow this one.
e2e/dev: deps/chromium deps/up ## Run make dev as a person would: banner, curl, /docs and mail page in Chromium
	@rc=0; ( $(E2E_GO_TEST) -run '^TestMakeDev(_PortTaken|_ServiceCrash)?$$' ) || rc=$$?; \
	echo "e2e: starting the dependencies again (make dev stopped them)"; \
	$(MAKE) --no-print-directory deps/up >/dev/null || rc=1; exit $$rc

TEST_STEPS += e2e
