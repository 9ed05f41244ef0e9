# AutoInvoice: `make run` sets up, builds and opens the desktop app; `make test` sets up and
# runs every test (Rust, UI, end-to-end in the real window).
SHELL := /bin/bash
export CARGO_TARGET_DIR ?= $(HOME)/.cache/autoinvoice/target
export PATH := $(HOME)/.cargo/bin:$(PATH)
CARGO ?= cargo
DEMO_DB ?= $(HOME)/.cache/autoinvoice/demo.db
BIN := $(CARGO_TARGET_DIR)/release/autoinvoice
APP := $(CARGO_TARGET_DIR)/release/autoinvoice-desktop

.PHONY: setup ui build app run demo test lint ui-test e2e package bench clean-demo

setup:
	@scripts/setup.sh

ui: setup
	scripts/ui.sh build

build: setup
	$(CARGO) build --release --locked -p autoinvoice-cli

app: ui
	$(CARGO) build --release --locked -p autoinvoice-desktop --features custom-protocol

# The desktop app on the user's own data (the OS data directory; AUTOINVOICE_DB overrides).
run: app
	$(APP)

# The CLI on a fresh demo book.
demo: build
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN) --db $(DEMO_DB) demo --invoices 50
	$(BIN) --db $(DEMO_DB) dashboard
	$(BIN) --db $(DEMO_DB) invoice list --limit 15
	$(BIN) --db $(DEMO_DB) journal verify
	@echo "Demo database: $(DEMO_DB)  (try: $(BIN) --db $(DEMO_DB) invoice show F-$$(date +%Y)-0001)"

# Linux installers through the Tauri CLI (from ui/package.json): .deb and .rpm here; Windows,
# macOS and AppImage come from the release workflow (.github/workflows/release.yml).
package: ui
	TAURI_APP_PATH=src-tauri ui/node_modules/.bin/tauri build --bundles deb,rpm
	@ls -l $(CARGO_TARGET_DIR)/release/bundle/deb/*.deb $(CARGO_TARGET_DIR)/release/bundle/rpm/*.rpm

lint: setup
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

# Type checks and unit tests of the UI, then its build (the desktop crate embeds ui/dist).
ui-test: setup
	scripts/ui.sh check test build

e2e: setup
	scripts/e2e.sh

# Every test runs even after a failure (one CI run reports them all); the exit code is the
# first failure's.
test: setup lint ui-test
	rc=0; python3 -m unittest discover -s tests/fec || rc=$$?; \
	$(CARGO) test --workspace --locked --no-fail-fast || rc=$$?; \
	scripts/e2e.sh || { e=$$?; [ $$rc -ne 0 ] || rc=$$e; }; \
	exit $$rc

bench: setup
	$(CARGO) build --release --locked -p autoinvoice-cli
	$(CARGO) bench --locked -p autoinvoice-tests --bench documents
	$(CARGO) bench --locked -p autoinvoice-tests --bench core
	$(CARGO) bench --locked -p autoinvoice-tests --bench mail
	$(CARGO) bench --locked -p autoinvoice-tests --bench reminders
	$(CARGO) bench --locked -p autoinvoice-tests --bench bank
	$(CARGO) bench --locked -p autoinvoice-tests --bench accounting
	scripts/desktop-bench.sh
