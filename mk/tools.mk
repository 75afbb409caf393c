##@ Tools

# TOOLS_PINS is the one place third-party tool versions are pinned: the tool directives of the
# module tools/pins (not in go.work, so its requirements never raise a workspace module's
# versions). mk/tools.awk turns each directive into VAR|name|package|version.
TOOLS_PINS := $(ROOT)/tools/pins/go.mod
TOOLS_DIR := $(BIN)/tools
TOOL_PINS := $(shell awk -f $(ROOT)/mk/tools.awk $(TOOLS_PINS))
ifeq ($(strip $(TOOL_PINS)),)
$(error mk/tools.mk: no tool read from $(TOOLS_PINS) (mk/tools.awk))
endif

# tool-define defines, for one VAR|name|package|version word, VAR_VERSION and VAR (the
# binary's path, $(TOOLS_DIR)/<name>-<version>) and the rule that builds that binary. The
# version is in the file name, so a binary is built once per version and a new pin builds a
# new file: nothing is rebuilt while the binary of the pinned version exists. go install
# package@version (GOWORK=off) builds the tool with its own module's build list, the one its
# authors released; GOFLAGS is cleared so a caller's -mod=... cannot break it. The build holds
# an flock on <binary>.lock: make test builds the tools in the background (TEST_BACKGROUND in
# mk/test.mk) while other steps run, and a step that needs a tool before it is ready waits for
# that build instead of compiling the same tool a second time.
define tool-define
$(1)_VERSION := $(4)
$(1) := $(TOOLS_DIR)/$(2)-$(4)
$(TOOLS_DIR)/$(2)-$(4):
	@mkdir -p $(TOOLS_DIR)
	@flock $$@.lock bash -eu -o pipefail -c '[ ! -x $$@ ] || exit 0; rm -rf $$@.tmp && mkdir $$@.tmp; \
		echo "tools: building $(2) $(4) into $$(patsubst $(ROOT)/%,%,$$@) (once per version)"; \
		cd $(ROOT)/tools/pins && GOWORK=off GOFLAGS= GOBIN=$$@.tmp go install -trimpath $(3)@$(4); \
		mv $$@.tmp/$(2) $$@ && rmdir $$@.tmp'
endef
$(foreach t,$(TOOL_PINS),$(eval $(call tool-define,$(word 1,$(subst |, ,$(t))),$(word 2,$(subst |, ,$(t))),$(word 3,$(subst |, ,$(t))),$(word 4,$(subst |, ,$(t))))))

# TOOLS are the paths of every pinned tool's binary.
TOOLS := $(foreach t,$(TOOL_PINS),$($(word 1,$(subst |, ,$(t)))))

.PHONY: tools
tools: $(TOOLS) ## Build the pinned tools (tools/pins/go.mod) into bin/tools/, once per version
	@$(foreach t,$(TOOL_PINS),echo "tools: $(word 2,$(subst |, ,$(t))) $(word 4,$(subst |, ,$(t))) $(patsubst $(ROOT)/%,%,$($(word 1,$(subst |, ,$(t)))))";)
