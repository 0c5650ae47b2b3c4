# Two commands on a fresh machine:  make demo  (lint the bundled examples)  and  make test.
SWIFT ?= swift

.PHONY: build release demo test bench clean docs

build:
	$(SWIFT) build --product bulkhead

release:
	$(SWIFT) build -c release --product bulkhead

demo: build
	@echo "== bulkhead dockerfile examples/dockerfiles (table; exit code 1 means findings at or above --fail-on)"
	cd examples && ../.build/debug/bulkhead dockerfile dockerfiles/ --fail-on none

test:
	$(SWIFT) test

docs: build
	.build/debug/bulkhead rules --markdown > docs/rules.md

bench: release
	BULKHEAD_BIN=$(CURDIR)/.build/release/bulkhead bench/compare-hadolint
	BULKHEAD_BIN=$(CURDIR)/.build/release/bulkhead bench/lint-speed
