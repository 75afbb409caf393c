##@ Deploy

# DEPLOY_ENVS are the AWS environments (local has nothing to deploy to).
DEPLOY_ENVS := stg prd
SERVICE ?=
ENV ?=

.PHONY: deploy
deploy: ## Deploy a service at this commit: build, migrate, roll out (SERVICE= ENV=)
	$(call check-one-of,SERVICE,$(SERVICES))
	$(call check-one-of,ENV,$(DEPLOY_ENVS))
	@bash $(ROOT)/tools/deploy/deploy.sh $(SERVICE) $(ENV)
