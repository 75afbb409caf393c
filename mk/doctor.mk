##@ Doctor

.PHONY: doctor
doctor: _local-bin ## Check the prerequisites (Go, PostgreSQL, Node, terraform, ...) and how to fix
	@$(LOCAL_RUN) doctor
