# Shared variables for every mk/*.mk and services/*/Makefile. No targets here.

# LOCAL is the git-ignored folder that holds local state: databases, emulator data, logs, pids.
LOCAL := $(ROOT)/.local
# LOCAL_ENV is the one env file (plain KEY=value lines) that make, the services and the tests read.
LOCAL_ENV := $(LOCAL)/env
BIN := $(ROOT)/bin
DIST := $(ROOT)/dist

# Every go command the make tree runs (and every go command those start: tests that build a
# binary, make dev, the rehearsal) builds with -trimpath, as the shipped artifacts do. Without
# it a package's compile depends on the folder it sits in, so each scratch copy of the
# repository (new/verify's clone, tf/rehearse's copy, the tests' clones) compiled the whole
# tools module again: a few CPU-minutes of a fresh make test. A developer's own GOFLAGS are
# kept. (Debuggers need a source path mapping for such binaries; build by hand for one.)
export GOFLAGS := -trimpath$(if $(filter undefined,$(origin GOFLAGS)),, $(filter-out -trimpath,$(GOFLAGS)))

# SVCDEF_MK holds the services' make variables, generated from their definitions
# (services/*/service.yaml, tools/internal/svcdef) by tools/cmd/svcdef: SERVICES,
# SERVICES_HTTP, SERVICES_WORKER, SERVICES_LAMBDA, SERVICES_ECS, SERVICES_MIGRATIONS,
# SERVICE_FILES and SERVICE_<FIELD>_<name> (KIND, OWNERS, STACK, COMMAND, LOCAL_ARGS, PORT_ENV,
# MIGRATIONS, ...). The Makefile includes it right after this file; mk/svc.mk remakes it when a
# definition changes. The values below stand in until it exists (a fresh clone, before make
# has generated it), so that make help works even without Go.
SVCDEF_MK := $(LOCAL)/mk/services.mk
SERVICE_FILES := $(sort $(wildcard $(ROOT)/services/*/service.yaml))
SERVICES := $(notdir $(patsubst %/,%,$(dir $(SERVICE_FILES))))
SERVICES_HTTP :=
SERVICES_WORKER :=
SERVICES_LAMBDA :=
SERVICES_ECS :=
SERVICES_MIGRATIONS :=
# GO_MODULES are every module listed in go.work.
GO_MODULES := $(sort $(patsubst $(ROOT)/%/go.mod,%,$(wildcard $(ROOT)/examples/go.mod $(ROOT)/libs/*/go.mod $(ROOT)/services/*/go.mod $(ROOT)/tools/go.mod)))

# BASE is the revision a change is compared with (ci/affected, tf/guard); empty means the merge
# base of HEAD with main.
BASE ?=

# TEST_STEPS are the make targets `make test` runs, in this order (mk/test.mk). These are the
# base steps; every mk file and service Makefile appends its own with `TEST_STEPS += target`.
# (mk/go.mk appends go/vuln, which says SKIPPED until make go/vuln-db has built its database.)
# go/test comes before go/lint: on a fresh machine the linter is built in the background
# (TEST_BACKGROUND, mk/test.mk) while go/test runs.
TEST_STEPS := help/lint docs/lint go/test go/lint

# Fixed local ports of the dependencies (127.0.0.1 only), chosen away from the defaults so a
# developer's own PostgreSQL or emulators do not collide with the platform's. An http service
# sets its own port in its Makefile, in the variable its service.yaml names (local.port_env).
PG_PORT ?= 55432
SQS_PORT ?= 9324
SES_PORT ?= 8005
DYNAMODB_PORT ?= 8006
S3_PORT ?= 8007

# check-one-of: fail with the valid values unless $(1) (a variable's name) holds one of $(2).
# Usage in a recipe: $(call check-one-of,SERVICE,$(SERVICES))
define check-one-of
	@if [ -z "$($(1))" ]; then echo "error: $(1) is required; one of: $(strip $(2))" >&2; exit 2; fi
	@case " $(strip $(2)) " in *" $($(1)) "*) ;; *) echo "error: unknown $(1) '$($(1))'; one of: $(strip $(2))" >&2; exit 2;; esac
endef

# check-set: fail unless the variable named $(1) is set; $(2) says what it should hold.
define check-set
	@if [ -z "$($(1))" ]; then echo "error: $(1) is required ($(2))" >&2; exit 2; fi
endef
