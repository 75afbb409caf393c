##@ Benchmarks

# BENCH_TARGETS are every bench/<name> target of the mk files and service Makefiles: `make bench`
# runs them all, so a new service's benchmark joins by being named bench/<service>.
BENCH_TARGETS = $(sort $(patsubst %:,%,$(shell grep -ho '^bench/[a-z0-9-]*:' $(HELP_FILES))))

.PHONY: bench
bench: ## Run every bench/<name> target (each prints figures) on the local platform
	@failed=(); for t in $(BENCH_TARGETS); do printf '\n==> make %s\n' "$$t"; $(MAKE) $$t || failed+=("$$t"); done; \
	if [ "$${#failed[@]}" -gt 0 ]; then echo "bench: FAILED: $${failed[*]}" >&2; exit 1; fi; echo "bench: ran $(words $(BENCH_TARGETS)): $(BENCH_TARGETS)"
