##@ Deploy

# DEPLOY_ENVS are the AWS environments (local has nothing to deploy to).
DEPLOY_ENVS := stg prd
SERVICE ?=
ENV ?=
# DEPLOY runs tools/cmd/deploy: one step, all of them, or a rollback (STEP SERVICE ENV).
DEPLOY = cd $(ROOT)/tools && go run ./cmd/deploy -root $(ROOT)
# DEPLOY_STEPS are the steps `make deploy` runs in order, each also deploy/<step> (the list is
# tools/deploy.Steps; TestMake_StepsAreTheDeploySteps fails when the two differ).
DEPLOY_STEPS := check build push migrate rollout wait

# deploy-args checks SERVICE and ENV against the valid values before anything runs.
define deploy-args
	$(call check-one-of,SERVICE,$(SERVICES))
	$(call check-one-of,ENV,$(DEPLOY_ENVS))
endef

.PHONY: deploy rollback $(addprefix deploy/,$(DEPLOY_STEPS))
deploy: ## Deploy this commit: the deploy/ steps in order (SERVICE= ENV=)
	$(deploy-args)
	@$(DEPLOY) all $(SERVICE) $(ENV)

deploy/check: ## Say whether this commit's image (or Lambda zip) is published (SERVICE= ENV=)
	$(deploy-args)
	@$(DEPLOY) check $(SERVICE) $(ENV)

deploy/build: ## Build the image for the task's platform, or the Lambda zip (SERVICE= ENV=)
	$(deploy-args)
	@$(DEPLOY) build $(SERVICE) $(ENV)

deploy/push: ## Push the image with revision and ENV tags, or upload the zip (SERVICE= ENV=)
	$(deploy-args)
	@$(DEPLOY) push $(SERVICE) $(ENV)

deploy/migrate: ## Run the migrations as a one-off task of this revision (SERVICE= ENV=)
	$(deploy-args)
	@$(DEPLOY) migrate $(SERVICE) $(ENV)

deploy/rollout: ## Point the service at this revision, or publish the Lambda (SERVICE= ENV=)
	$(deploy-args)
	@$(DEPLOY) rollout $(SERVICE) $(ENV)

deploy/wait: ## Wait until the service is stable (Lambda: its update is done) (SERVICE= ENV=)
	$(deploy-args)
	@$(DEPLOY) wait $(SERVICE) $(ENV)

rollback: ## Return to the previous task definition or Lambda code, wait (SERVICE= ENV=)
	$(deploy-args)
	@$(DEPLOY) rollback $(SERVICE) $(ENV)
