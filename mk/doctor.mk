##@ Doctor

.PHONY: doctor
doctor: _local-bin ## Check prerequisites (Go, PostgreSQL, Node/npm, terraform, chromium, ...) and say how to install what is missing
	@$(LOCAL_RUN) doctor
