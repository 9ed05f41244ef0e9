# AutoInvoice: `make run` sets up, builds and runs; `make test` sets up and runs every test.
SHELL := /bin/bash
export CARGO_TARGET_DIR ?= $(HOME)/.cache/autoinvoice/target
export PATH := $(HOME)/.cargo/bin:$(PATH)
CARGO ?= cargo
DEMO_DB ?= $(HOME)/.cache/autoinvoice/demo.db
BIN := $(CARGO_TARGET_DIR)/release/autoinvoice

.PHONY: setup build run test lint bench clean-demo

setup:
	@scripts/setup.sh

build: setup
	$(CARGO) build --release --locked -p autoinvoice-cli

# Until the desktop app lands, the main job is the CLI on a demo book.
run: build
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN) --db $(DEMO_DB) demo --invoices 50
	$(BIN) --db $(DEMO_DB) dashboard
	$(BIN) --db $(DEMO_DB) invoice list --limit 15
	$(BIN) --db $(DEMO_DB) journal verify
	@echo "Demo database: $(DEMO_DB)  (try: $(BIN) --db $(DEMO_DB) invoice show F-$$(date +%Y)-0001)"

lint: setup
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

test: setup lint
	$(CARGO) test --workspace --locked

bench: setup
	$(CARGO) build --release --locked -p autoinvoice-cli
	$(CARGO) bench --locked -p autoinvoice-tests --bench documents
	$(CARGO) bench --locked -p autoinvoice-tests --bench core
	$(CARGO) bench --locked -p autoinvoice-tests --bench mail
