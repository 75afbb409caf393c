##@ Help

# HELP_START are the targets `make help` shows first, under "Start here": what a newcomer types
# on the first day. They are listed there only, not again in their own area.
HELP_START := doctor dev test lint
# HELP_GROUPS is the one order of the areas in `make help`, from the everyday loop to the rare
# operations, separated by ';'. Every '##@ Area' heading must be in it (help/lint fails
# otherwise); 'services/*' stands for every services/<name>/Makefile, sorted by name.
HELP_GROUPS := Start here;Development;Local dependencies;Services;services/*;Go;Test;Migrations;Docs;End-to-end;Benchmarks;Pull requests;CI;Terraform;Deploy;Database;Tools;Doctor;Help
# HELP_MISPLACED are targets known to live outside their area's file, as target=file, until
# they move (then help/lint fails until the entry goes, too).
HELP_MISPLACED :=
# HELP_FILES are the files whose targets `make help` lists: every mk file and service Makefile.
HELP_FILES = $(filter $(ROOT)/mk/%.mk $(ROOT)/services/%/Makefile,$(filter-out $(ROOT)/mk/common.mk,$(MAKEFILE_LIST)))
# HELP_AWK runs mk/help.awk over HELP_FILES with the settings above.
HELP_AWK = awk -v root='$(ROOT)' -v groups='$(HELP_GROUPS)' -v start='$(HELP_START)' \
	-v misplaced='$(HELP_MISPLACED)' -f $(ROOT)/mk/help.awk

.PHONY: help help/lint
# Colour only on a terminal, and never when NO_COLOR is set to anything (no-color.org) or the
# terminal is dumb.
help: ## Show every target with its description, grouped by area (NO_COLOR=1: plain)
	@if [ -t 1 ] && [ -z "$${NO_COLOR:-}" ] && [ "$${TERM:-dumb}" != dumb ]; then c=1; else c=0; fi; \
		$(HELP_AWK) -v color=$$c $(HELP_FILES)

help/lint: ## Fail on a target without description, over 100 columns or outside its area
	@$(HELP_AWK) -v lint=1 $(HELP_FILES) && echo "help/lint: $(words $(HELP_FILES)) files clean"
