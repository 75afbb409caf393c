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

# LINT is the Go linter go/lint runs as go vet's tool: this repository's command in tools/lint,
# its own module outside go.work (its analyzers' requirements never raise a workspace module's
# versions), built with that module's build list. The binary depends on the module's sources,
# so make rebuilds it after an edit and not otherwise; the flock works as for the pinned tools.
LINT := $(TOOLS_DIR)/lint
LINT_SOURCES := $(ROOT)/tools/lint/go.mod $(ROOT)/tools/lint/go.sum \
	$(shell find $(ROOT)/tools/lint -name '*.go' -not -name '*_test.go' -not -path '*/testdata/*')
$(LINT): $(LINT_SOURCES)
	@mkdir -p $(TOOLS_DIR)
	@flock $@.lock bash -eu -o pipefail -c 'echo "tools: building tools/lint into $(patsubst $(ROOT)/%,%,$@)"; \
		cd $(ROOT)/tools/lint && GOWORK=off GOFLAGS=-trimpath go build -o $@ . && touch $@'

# TOOLS are the paths of every pinned tool's binary, and the linter's.
TOOLS := $(foreach t,$(TOOL_PINS),$($(word 1,$(subst |, ,$(t))))) $(LINT)

.PHONY: tools
tools: $(TOOLS) ## Build the pinned tools (tools/pins/go.mod) into bin/tools/, once per version
	@$(foreach t,$(TOOL_PINS),echo "tools: $(word 2,$(subst |, ,$(t))) $(word 4,$(subst |, ,$(t))) $(patsubst $(ROOT)/%,%,$($(word 1,$(subst |, ,$(t)))))";)
	@echo "tools: lint (tools/lint) $(patsubst $(ROOT)/%,%,$(LINT))"
