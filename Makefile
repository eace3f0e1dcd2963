# hubcontacts — every command a developer or CI runs.
GO        ?= go
PKGS      := ./...
BIN       := bin/hubcontacts
FUZZTIME  ?= 60s

.PHONY: all build test race lint vet fmt bench bench-import bench-list-rss bench-store bench-index-sync bench-sandbox bench-state demo sandbox screenshots fuzz clean

all: lint test build

build:
	$(GO) build -o $(BIN) .

## test: the whole suite under the race detector (fuzz corpora and the monkey test included).
test: lint
	$(GO) test -race -count=1 -timeout 9m $(PKGS)

## lint: gofmt, go vet and staticcheck (pinned as a go tool in go.mod) must be clean.
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	$(GO) tool staticcheck $(PKGS)

fmt:
	gofmt -w $$(git ls-files '*.go')

## bench: every benchmark, once each, with memory figures.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 1x -count 1 $(PKGS) | tee bench.txt

## bench-import: our import and a plain rolling-window client side by side, each on a fresh
## sandbox (100/10 s), at 5,000, 20,000 and 100,000 rows, clean, with 5xx=0.05,429=0.02, and
## with HubSpot-like answer times (100-300 ms): rows/s as a fraction of the window's physical
## limit, longest pause, rows lost. About 15 minutes; not part of make test. BENCH_IMPORT_FLAGS="-sizes 5000 -modes clean" for a short run.
bench-import:
	$(GO) run ./internal/benchimport $(BENCH_IMPORT_FLAGS)

## bench-list-rss: the TUI's resident memory with 100,000 contacts loaded and after typing /ma,
## here and on BASE, the real binaries in tmux against one sandbox (about 5 minutes).
bench-list-rss:
	./.ci/bench-list-rss

## bench-sandbox: the sandbox's scale benchmarks here and on BASE (default: the map store), side by side.
bench-sandbox:
	./.ci/bench-sandbox

## bench-state: sandbox --state at 100,000 and 1,000,000 contacts here and on BASE (default: the
## JSON state file), side by side: a fresh start, a restart after 1,000 writes, a fold.
bench-state:
	./.ci/bench-state

## bench-store: the local index's store (internal/index) against bbolt and SQLite (modernc), each
## on generated portals of 100,000 and 1,000,000 contacts in fresh processes: bytes on disk a
## contact, sync writes/s, launch to a full list, a find keystroke (rows on screen and count), sort,
## RSS. internal/benchstore is its own module (the app depends on neither). About 15 minutes and
## 2 GB in $TMPDIR; not part of make test. BENCH_STORE_FLAGS="-sizes 100000" for a short run.
bench-store:
	cd internal/benchstore && $(GO) run . $(BENCH_STORE_FLAGS)

## bench-index-sync: the local index's first sync of 100,000 contacts against a fresh sandbox at
## 100/10 s (real time, about two minutes) as a fraction of the window's physical limit, then an
## unchanged portal's and 1,000 changes' requests. BENCH_INDEX_FLAGS="-contacts 10000" for a short run.
bench-index-sync:
	$(GO) run ./internal/benchindex $(BENCH_INDEX_FLAGS)

## demo: the app on the seeded in-process sandbox (no token, no network).
demo:
	$(GO) run . --demo

## sandbox: serve the local HubSpot on loopback.
sandbox:
	$(GO) run . sandbox

## screenshots: regenerate screenshots/*.png from the app's frames through freeze.
screenshots:
	$(GO) test ./ui -run TestScreenshots -count=1 -args -screenshots=$(CURDIR)/screenshots

## fuzz: run each fuzz target for FUZZTIME.
fuzz:
	./.ci/fuzz $(FUZZTIME)

clean:
	rm -rf bin bench.txt
