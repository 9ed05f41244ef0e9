#!/usr/bin/env bash
# End-to-end tests of the desktop app: builds the UI and the release app, installs
# tauri-driver when missing, starts Xvfb, and drives the real window through WebKitWebDriver.
# Screenshots land in $AUTOINVOICE_E2E_SHOTS (default: the target dir's e2e-screens/).
set -euo pipefail
source "$(dirname "$0")/desktop-env.sh"

export AUTOINVOICE_E2E_SHOTS="${AUTOINVOICE_E2E_SHOTS:-$CARGO_TARGET_DIR/e2e-screens}"
rm -rf "$AUTOINVOICE_E2E_SHOTS"
cargo test --locked -p autoinvoice-desktop-e2e --test e2e -- --ignored --test-threads=1 "$@"
echo "e2e: screenshots in $AUTOINVOICE_E2E_SHOTS" >&2
