##@ Doctor

.PHONY: doctor
doctor: ## Check prerequisites (Go, PostgreSQL, Node/npm, terraform, chromium, ...) and say how to install what is missing
	@bash $(ROOT)/tools/localaws/deps.sh doctor
