##@ Database

# The environments' databases (RDS PostgreSQL): what runs against them outside a deploy. The
# local database is deps/*'s; migrations are migrate/*'s. DEPLOY_ENVS comes from mk/deploy.mk.

.PHONY: db/bootstrap
db/bootstrap: ## Create the database login roles once per env, before the first deploy (ENV=)
	$(call check-one-of,ENV,$(DEPLOY_ENVS))
	@bash $(ROOT)/tools/deploy/db_bootstrap.sh $(ENV)
