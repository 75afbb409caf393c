##@ Doctor

.PHONY: doctor
doctor: ## Check the prerequisites (Go, PostgreSQL, Node, terraform, ...) and how to fix
	@bash $(ROOT)/tools/localaws/deps.sh doctor
