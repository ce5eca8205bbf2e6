# Bianmin (便民) — build, test and bench the appliance.  GNU make; recipes use tabs.
#
#   make run     build for this machine, then run the demo on http://127.0.0.1:8080
#   make build   static, stripped, stamped binaries for the boxes into dist/
#   make test    tools + lint + go test + arm64 build checked under qemu  (what CI runs)
#   make bench   go benchmarks, startup time/RSS/binary size, loopback load,
#                bianmin beside PocketBase v0.39.11 (restart, RSS, load, size)
#   make lint    go vet + gofmt check
#   make clean   remove bin/ and dist/

SHELL       := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build
MAKEFLAGS   += --no-print-directory

GO      ?= go
GOFMT   ?= $(shell $(GO) env GOROOT)/bin/gofmt
PKG     := ./cmd/bianmin

# Version stamp. Override on the command line: make build VERSION=1.2.3
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null)
ifeq ($(strip $(VERSION)),)
VERSION := 0.1.0-dev
endif
COMMIT := $(shell git rev-parse --short HEAD 2>/dev/null)
ifeq ($(strip $(COMMIT)),)
COMMIT := unknown
endif
# UTC RFC3339; honours SOURCE_DATE_EPOCH for reproducible builds.
ifdef SOURCE_DATE_EPOCH
DATE := $(shell date -u -d "@$(SOURCE_DATE_EPOCH)" +%Y-%m-%dT%H:%M:%SZ)
else
DATE := $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
endif

# Security epoch: raise it (make build EPOCH=N) when a release fixes a hole that
# an older build must never bring back; boxes refuse bundles of a lower one.
EPOCH ?= 0
LDFLAGS := -s -w -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.buildDate=$(DATE) -X main.securityEpoch=$(EPOCH)
# -buildvcs=false: we stamp the version ourselves, and VCS stamping fails in a
# repository without commits or in an exported tree.
GOBUILD := CGO_ENABLED=0 $(GO) build -trimpath -buildvcs=false -ldflags '$(LDFLAGS)'

PLATFORMS := amd64 arm64 armv7 armv6
DIST_BINS := $(addprefix dist/bianmin-linux-,$(PLATFORMS))

RUN_ADDR ?= 127.0.0.1:8080

# Browser tests fail instead of skipping when these are set and chromium is missing.
# The whole update flow of the arm64 build under qemu (cmd/bianmin
# TestUpdateFlowArm64UnderQemu) fails instead of skipping without qemu; it
# runs once, inside go test.
TEST_ENV     := BIANMIN_REQUIRE_BROWSER=1 BIANMIN_CHROMIUM=/usr/bin/chromium BIANMIN_REQUIRE_QEMU=1
TEST_TIMEOUT ?= 12m

# $(call section,TITLE): a clear header between the steps of a target.
section = printf '\n==== %s ====\n' "$(1)"

.PHONY: all run build host test lint bench clean help check-arm64 fuzz FORCE

all: build

help:
	@sed -n '3,10p' Makefile | sed 's/^# \{0,1\}//'

## ---- build ---------------------------------------------------------------

# Host binary (whatever GOOS/GOARCH this machine is), used by `run` and the scripts.
host: bin/bianmin
bin/bianmin: FORCE
	@mkdir -p bin
	$(GOBUILD) -o $@ $(PKG)

run: bin/bianmin
	./bin/bianmin demo --addr $(RUN_ADDR)

build: $(DIST_BINS) dist/countyd-linux-amd64
	@echo "built $(VERSION) ($(COMMIT), $(DATE)):"
	@ls -l $(DIST_BINS) dist/countyd-linux-amd64

# countyd, the county center's receiver, runs on the county's server.
dist/countyd-linux-amd64: FORCE
	@mkdir -p dist
	GOOS=linux GOARCH=amd64 $(GOBUILD) -o $@ ./cmd/countyd

dist/bianmin-linux-amd64: B_GOARCH := amd64
dist/bianmin-linux-arm64: B_GOARCH := arm64
dist/bianmin-linux-armv7: B_GOARCH := arm
dist/bianmin-linux-armv7: B_GOARM  := 7
dist/bianmin-linux-armv6: B_GOARCH := arm
dist/bianmin-linux-armv6: B_GOARM  := 6

# Always hand over to go build: its cache decides what is stale.
$(DIST_BINS): FORCE
	@mkdir -p dist
	GOOS=linux GOARCH=$(B_GOARCH) $(if $(B_GOARM),GOARM=$(B_GOARM)) $(GOBUILD) -o $@ $(PKG)

FORCE:

## ---- checks --------------------------------------------------------------

# Go files as the go tool sees them: skip .git/.ci-style hidden dirs, _dirs,
# testdata, vendor and build output.
GOFILES_CMD := find . \( -path './.*' -o -name '_*' -o -name testdata -o -name vendor \
		-o -path ./bin -o -path ./dist \) -prune -o -type f -name '*.go' -print0

lint:
	@$(call section,go vet ./...)
	$(GO) vet ./...
	@$(call section,gofmt -l)
	@out="$$($(GOFILES_CMD) | xargs -0 -r $(GOFMT) -l)" || { \
		echo "gofmt failed (see errors above)"; exit 1; }; \
	if [ -n "$$out" ]; then \
		echo "These files are not gofmt-formatted (fix with: gofmt -w FILE):"; \
		echo "$$out" | sed 's/^/  /'; \
		exit 1; \
	fi; \
	echo "gofmt: all files formatted"

T0 := $(shell date +%s)

test:
	@$(call section,1/5 tools (scripts/ensure-tools.sh))
	@bash scripts/ensure-tools.sh
	@$(call section,2/5 lint)
	@$(MAKE) lint
	@$(call section,3/5 go test (timeout $(TEST_TIMEOUT)))
	$(TEST_ENV) $(GO) test -count=1 -timeout $(TEST_TIMEOUT) ./...
	@$(MAKE) fuzz
	@$(call section,4/5 build dist/bianmin-linux-arm64)
	@$(MAKE) dist/bianmin-linux-arm64
	@$(call section,5/5 check the arm64 binary (qemu + file))
	@$(MAKE) check-arm64
	@$(call section,make test: all steps passed in $$(( $$(date +%s) - $(T0) )) s)

# Run the arm64 build under user-mode qemu and check it is a static binary.
check-arm64:
	@qemu="$$(command -v qemu-aarch64-static || command -v qemu-aarch64 || true)"; \
	if [ -z "$$qemu" ]; then echo "FAIL: qemu-aarch64-static not found (run scripts/ensure-tools.sh)"; exit 1; fi; \
	echo "$$ $$qemu dist/bianmin-linux-arm64 version"; \
	out="$$("$$qemu" dist/bianmin-linux-arm64 version 2>&1)" || { echo "$$out"; echo "FAIL: arm64 binary did not run under qemu"; exit 1; }; \
	echo "$$out" | sed 's/^/  /'; \
	if ! grep -q 'linux/arm64' <<<"$$out"; then echo "FAIL: version output does not mention linux/arm64"; exit 1; fi; \
	echo "ok: version reports linux/arm64"
	@out="$$(file -b dist/bianmin-linux-arm64)"; \
	echo "$$ file dist/bianmin-linux-arm64"; echo "  $$out"; \
	if ! grep -q 'statically linked' <<<"$$out"; then echo "FAIL: dist/bianmin-linux-arm64 is not statically linked"; exit 1; fi; \
	if ! grep -q 'ARM aarch64' <<<"$$out"; then echo "FAIL: dist/bianmin-linux-arm64 is not an aarch64 binary"; exit 1; fi; \
	echo "ok: statically linked aarch64"

# Every fuzz target that `make test` runs, as package:Target, FUZZTIME each.
# Add a line here when you add a parser of outside input.
FUZZ_TARGETS := \
	./hw/fingerprint:FuzzParsePacket \
	./hw/button:FuzzParseBoxLine \
	./hw/escpos/sim:FuzzDecode \
	./appliance/auditlog:FuzzParseHead \
	./appliance/staff:FuzzReadImport \
	./appliance/attendance:FuzzReadPunchFile \
	./appliance/leave:FuzzReadRows \
	./appliance/calendar:FuzzParseNotice
FUZZTIME ?= 5s

fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; \
		printf '\n==== fuzz %s %s (%s) ====\n' "$$pkg" "$$fn" "$(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz="^$$fn\$$" -fuzztime=$(FUZZTIME) "$$pkg" || exit 1; \
	done

## ---- bench ---------------------------------------------------------------

bench:
	@$(call section,go test -bench)
	$(GO) test -run '^$$' -bench . -benchmem ./...
	@$(call section,startup time / idle RSS / binary size (scripts/bench-startup.sh))
	@bash scripts/bench-startup.sh
	@$(call section,loopback load (scripts/load.sh))
	@bash scripts/load.sh
	@$(call section,side by side with PocketBase v0.39.11 (scripts/bench-side.sh))
	@bash scripts/bench-side.sh

clean:
	rm -rf bin dist
