##@ Deploy

# DEPLOY_ENVS are the AWS environments (local has nothing to deploy to).
DEPLOY_ENVS := stg prd
SERVICE ?=
ENV ?=

.PHONY: deploy
deploy: ## Deploy one service at the current commit: image/package, migrations, roll out, wait (SERVICE=<name> ENV=stg|prd)
	$(call check-one-of,SERVICE,$(SERVICES))
	$(call check-one-of,ENV,$(DEPLOY_ENVS))
	@bash $(ROOT)/tools/deploy/deploy.sh $(SERVICE) $(ENV)

.PHONY: db/bootstrap
db/bootstrap: ## Once per environment, before the first deploy: create the database login roles as the RDS master user (ENV=stg|prd)
	$(call check-one-of,ENV,$(DEPLOY_ENVS))
	@bash $(ROOT)/tools/deploy/db_bootstrap.sh $(ENV)
