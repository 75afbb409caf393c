##@ Migrations

# MIGRATE_SERVICES are the services whose binaries have a `migrate up|down|version|force N`
# subcommand; each service Makefile adds itself (MIGRATE_SERVICES += <name>).
MIGRATE_SERVICES :=
# MIGRATE_CREATE_SERVICES keep hand-written golang-migrate files in services/<name>/migrations/;
# a service whose schema comes from a library (todo-batch: River's rivermigrate) is not listed.
MIGRATE_CREATE_SERVICES :=
# SERVICE picks the service (default todo-api); NAME and VERSION are migrate/create's and
# migrate/force's parameters.
SERVICE ?=
NAME ?=
VERSION ?=
MIGRATE_SERVICE = $(or $(SERVICE),todo-api)
MIGRATE_BIN = $(BIN)/$(MIGRATE_SERVICE)

comma := ,
empty :=
space := $(empty) $(empty)
# _migrate-service checks SERVICE against the services that declare migrations.
.PHONY: _migrate-service
_migrate-service:
	@case " $(MIGRATE_SERVICES) " in *" $(MIGRATE_SERVICE) "*) ;; \
		*) echo "error: unknown SERVICE '$(MIGRATE_SERVICE)'; one of: $(subst $(space),$(comma)$(space),$(sort $(MIGRATE_SERVICES)))" >&2; exit 2;; esac

# _migrate-bin builds the service binary that carries the migrations (they are embedded).
.PHONY: _migrate-bin
_migrate-bin: _migrate-service
	@cd $(ROOT) && go build -o $(MIGRATE_BIN) ./services/$(MIGRATE_SERVICE)/cmd/$(MIGRATE_SERVICE)

.PHONY: migrate/up migrate/down migrate/version migrate/force migrate/create
migrate/up: _migrate-service deps/up _migrate-bin ## Apply every pending migration; a no-op when none is pending (SERVICE=todo-api|todo-batch, default todo-api)
	@$(WITH_LOCAL_ENV) $(MIGRATE_BIN) migrate up

migrate/down: _migrate-service deps/up _migrate-bin ## Revert the newest migration, one step (SERVICE=todo-api|todo-batch, default todo-api)
	@$(WITH_LOCAL_ENV) $(MIGRATE_BIN) migrate down

migrate/version: _migrate-service deps/up _migrate-bin ## Print the applied migration version and whether it is dirty (SERVICE=todo-api|todo-batch, default todo-api)
	@$(WITH_LOCAL_ENV) $(MIGRATE_BIN) migrate version

migrate/force: _migrate-service ## Mark VERSION applied and clean after repairing a failed migration by hand (VERSION=N SERVICE=todo-api|todo-batch)
	$(call check-set,VERSION,the migration number to record; -1 for none)
	@$(MAKE) deps/up _migrate-bin SERVICE=$(MIGRATE_SERVICE) >/dev/null
	@$(WITH_LOCAL_ENV) $(MIGRATE_BIN) migrate force $(VERSION)

migrate/create: _migrate-service ## Create the next empty up/down migration pair (NAME=add_tags SERVICE=todo-api)
	@case " $(MIGRATE_CREATE_SERVICES) " in *" $(MIGRATE_SERVICE) "*) ;; \
		*) echo "error: $(MIGRATE_SERVICE)'s migrations are not created by hand$(if $(filter todo-batch,$(MIGRATE_SERVICE)), (they are River's, applied by rivermigrate through 'todo-batch migrate up')); migrate/create works for: $(subst $(space),$(comma)$(space),$(sort $(MIGRATE_CREATE_SERVICES)))" >&2; exit 2;; esac
	$(call check-set,NAME,lower_snake_case words saying what the migration does)
	@[[ "$(NAME)" =~ ^[a-z][a-z0-9_]{0,62}$$ ]] || { echo "error: NAME '$(NAME)' must be lower_snake_case (a-z, 0-9, _), starting with a letter" >&2; exit 2; }
	@dir=$(ROOT)/services/$(MIGRATE_SERVICE)/migrations; \
	last=$$(ls $$dir | sed -n 's/^\([0-9]\{6\}\)_.*\.up\.sql$$/\1/p' | sort | tail -n1); \
	next=$$(printf '%06d' $$((10#$${last:-0} + 1))); \
	for d in up down; do f=$$dir/$${next}_$(NAME).$$d.sql; printf -- '-- %s: %s (%s)\n' "$(NAME)" "$$d" "write the SQL here; one transaction per file" >$$f; echo "created $${f#$(ROOT)/}"; done
