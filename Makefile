# Tsumiki: every operation is a make target. `make help` (the default goal) is the map.
#
# Areas live in mk/*.mk, one file per area; every services/<name>/Makefile is picked up
# automatically, and what each service is comes from its services/<name>/service.yaml, so
# adding a service never means editing this file.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --warn-undefined-variables --no-builtin-rules --no-print-directory

ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))

# common.mk (shared variables) and tools.mk (the pinned tools' paths) come first: other files use
# their variables in prerequisites, which make expands as it reads them.
include $(ROOT)/mk/common.mk $(ROOT)/mk/tools.mk
# The services' make variables, generated from services/*/service.yaml (see mk/common.mk).
-include $(SVCDEF_MK)
include $(filter-out $(ROOT)/mk/common.mk $(ROOT)/mk/tools.mk,$(sort $(wildcard $(ROOT)/mk/*.mk)))
include $(sort $(wildcard $(ROOT)/services/*/Makefile))
