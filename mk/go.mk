##@ Go

# PKG narrows go/test to one package directory (services/todo-api/internal/todo) or a pattern
# ending in /... ; empty means every module in go.work.
PKG ?=
# SHORT=1 runs go/test with -short: unit tests only, no local platform started.
SHORT ?=
# GO_TEST_FLAGS are extra flags for go test (for example -run TestTodo_Create -v).
GO_TEST_FLAGS ?=
# MODULE and PKG (module@version) are go/get's parameters.
MODULE ?=

# GO_TIDY_MODULES are the modules go/mod_tidy tidies: all of them. The pinned tools live in
# tools/pins (mk/tools.mk), outside go.work, and are not tidied with them.
GO_TIDY_MODULES = $(GO_MODULES)
# GO_CMDS are the services' main packages, built into bin/ by build and per platform by
# build/cross: services/<name>/cmd/<cmd>.
GO_CMDS = $(sort $(patsubst $(ROOT)/%/,%,$(dir $(wildcard $(ROOT)/services/*/cmd/*/main.go))))
# CROSS_PLATFORMS are the GOOS_GOARCH pairs build/cross and dist produce.
CROSS_PLATFORMS = linux_amd64 linux_arm64 darwin_amd64 darwin_arm64
# VULNDB_VERSION pins the golang.org/x/vulndb module (the Go vulnerability reports as OSV
# files) that go/vuln builds its offline database from: govulncheck's online database cannot be
# reached from these machines. Move it forward with a version the module proxy serves.
VULNDB_VERSION = v0.0.0-20261105234957-e22db6528018
VULNDB = $(LOCAL)/vulndb/$(VULNDB_VERSION)
# VULN_STDLIB=fail makes go/vuln fail on findings in the Go standard library too; by default
# they are a warning, since their fix is a newer Go toolchain rather than a change here.
VULN_STDLIB ?= warn
# ARTIFACTS narrows go/vuln to some shipped artifacts (mk/artifact.sh list); empty means all.
ARTIFACTS ?=
# VULNDB_SECONDS is how long go/vuln-db takes the first time, as last measured here (2 shared
# cores: 45 s wall, 65 s CPU, compiling indexdb; 7 s once that is cached); go/vuln's SKIPPED
# line quotes it.
VULNDB_SECONDS = 50

# go/vuln runs in make test once the database is built; until then it says SKIPPED (test.sh
# reports it as skipped) rather than spend a minute of a first make test building it.
TEST_STEPS += go/vuln

# GO_NOT_SHIPPED are the go.work modules nothing that ships is built from: the tools module
# (make's commands, the offline provider, the e2e tests).
GO_NOT_SHIPPED = tools
# BUILDLIST_SKIP are the go.work modules go/buildlist-check and go/align leave out: a module
# that does not ship may raise what the workspace builds (go/align then raises the shipped
# modules' own requirements to match).
BUILDLIST_SKIP = $(GO_NOT_SHIPPED)
# GO_TEST_NORACE are the modules go/test tests without -race: those that do not ship. Their
# tests then compile with the flags make's `go run` of the same commands uses and share that
# build; -race would compile the tools module's dependency tree (terraform-plugin-go, gRPC, HCL,
# the AWS SDK) a second time, about 5 CPU-minutes on a fresh machine. Every shipped module
# (services, libs, examples) is tested with -race. GO_TEST_FLAGS=-race adds it back.
GO_TEST_NORACE = $(GO_NOT_SHIPPED)
# GO_STANDALONE are the repository's Go modules outside go.work, which neither ship nor may raise
# a workspace module's versions: the linter (tools/lint). go/test and go/lint take them too,
# with GOWORK=off.
GO_STANDALONE = tools/lint
BUILDLIST = cd $(ROOT) && go run ./tools/cmd/buildlist

.PHONY: go/test go/lint go/mod_tidy go/get go/vuln go/vuln-db go/buildlist-check go/align build build/cross dist clean
go/test: ## Test every Go module, shipped ones -race (PKG=<dir>, SHORT=1, GO_TEST_FLAGS=)
	@bash $(ROOT)/mk/go.sh test-check-pkg '$(PKG)' $(GO_MODULES)
	@if [ -z "$(SHORT)" ]; then $(MAKE) deps/up; fi
	@ROOT=$(ROOT) LOCAL_ENV=$(LOCAL_ENV) SHORT='$(SHORT)' GO_TEST_FLAGS='$(GO_TEST_FLAGS)' GO_TEST_NORACE='$(GO_TEST_NORACE)' \
		GO_STANDALONE='$(GO_STANDALONE)' bash $(ROOT)/mk/go.sh test '$(PKG)' $(GO_MODULES)

go/lint: $(LINT) ## gofmt check and the linter (tools/lint, via go vet) over every Go module
	@ROOT=$(ROOT) LINT=$(LINT) GO_STANDALONE='$(GO_STANDALONE)' bash $(ROOT)/mk/go.sh lint $(GO_MODULES) $(GO_STANDALONE)

go/buildlist-check: ## Fail if a module's workspace versions differ from its own (GOWORK=off)
	@$(BUILDLIST) check -skip $(BUILDLIST_SKIP)

go/align: ## Raise modules' own requirements to the workspace's (fixes go/buildlist-check)
	@$(BUILDLIST) align -skip $(BUILDLIST_SKIP)

go/mod_tidy: ## go mod tidy in every module (pin a dependency with go/get)
	@for m in $(GO_TIDY_MODULES); do echo "go mod tidy: $$m"; (cd $(ROOT)/$$m && go mod tidy); done

go/get: ## Add or upgrade one module's dependency (MODULE=libs/kit PKG=<module>@vX.Y.Z)
	$(call check-one-of,MODULE,$(GO_MODULES))
	$(call check-set,PKG,a module path at an exact version: PKG=github.com/google/uuid@v1.6.0)
	@case '$(PKG)' in *@latest|*@upgrade|*@patch) echo "error: PKG '$(PKG)': pin an exact version (never @latest/@upgrade/@patch)" >&2; exit 2;; *@v*) ;; *) echo "error: PKG '$(PKG)' needs an exact version: PKG=$(PKG)@vX.Y.Z" >&2; exit 2;; esac
	@cd $(ROOT)/$(MODULE) && go get '$(PKG)'

go/vuln-db: ## Build go/vuln's offline database from the pinned golang.org/x/vulndb (once)
	@ROOT=$(ROOT) VULNDB=$(VULNDB) VULNDB_VERSION=$(VULNDB_VERSION) bash $(ROOT)/mk/go.sh vuln-db

go/vuln: ## govulncheck each shipped binary (ARTIFACTS=<name>, VULN_STDLIB=fail)
	$(call check-one-of,VULN_STDLIB,warn fail)
	@if [ ! -f $(VULNDB)/index/db.json ]; then \
		echo "SKIPPED: the offline vulnerability database is not built (make go/vuln-db, about $(VULNDB_SECONDS) s)"; \
	else \
		$(MAKE) -s --no-print-directory $(GOVULNCHECK) && \
		ROOT=$(ROOT) VULNDB=$(VULNDB) VULNDB_VERSION=$(VULNDB_VERSION) VULN_STDLIB=$(VULN_STDLIB) GOVULNCHECK=$(GOVULNCHECK) \
			bash $(ROOT)/mk/go.sh vuln $(ARTIFACTS); \
	fi

build: ## Build every service command into bin/
	@mkdir -p $(BIN)
	@for c in $(GO_CMDS); do echo "go build: $$c -> bin/$$(basename $$c)"; (cd $(ROOT)/$$(dirname $$(dirname $$c)) && go build -trimpath -o $(BIN)/ ./cmd/$$(basename $$c)); done

build/cross: ## Build every service command for linux/darwin amd64/arm64 into bin/<os>_<arch>
	@for p in $(CROSS_PLATFORMS); do \
		mkdir -p $(BIN)/$$p; \
		for c in $(GO_CMDS); do \
			echo "go build: $$c -> bin/$$p/$$(basename $$c)"; \
			(cd $(ROOT)/$$(dirname $$(dirname $$c)) && CGO_ENABLED=0 GOOS=$${p%_*} GOARCH=$${p#*_} go build -trimpath -o $(BIN)/$$p/ ./cmd/$$(basename $$c)); \
		done; \
	done

dist: build/cross ## Package each command per platform into dist/ as .tar.gz, with SHA256SUMS
	@rm -rf $(DIST) && mkdir -p $(DIST)
	@for p in $(CROSS_PLATFORMS); do for c in $(GO_CMDS); do \
		n=$$(basename $$c); \
		tar -C $(BIN)/$$p --owner=0 --group=0 --numeric-owner --mtime='2000-01-01 00:00Z' -czf $(DIST)/$${n}_$$p.tar.gz $$n; \
	done; done
	@cd $(DIST) && sha256sum *.tar.gz > SHA256SUMS && echo "dist: $$(ls *.tar.gz | wc -l) archives in dist/ (SHA256SUMS beside them)"

clean: ## Remove build output (bin/, dist/); local data stays (deps/clean wipes it)
	@rm -rf $(BIN) $(DIST)
	@echo "clean: removed bin/ and dist/"

TEST_STEPS += go/buildlist-check
