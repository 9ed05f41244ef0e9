#!/usr/bin/env bash
# End-to-end tests of the desktop app: builds the UI and the release app, installs
# tauri-driver when missing, starts Xvfb, and drives the real window through WebKitWebDriver.
# Screenshots land in $AUTOINVOICE_E2E_SHOTS (default: the target dir's e2e-screens/).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/autoinvoice/target}"
TOOLS="$HOME/.cache/autoinvoice/tools"

scripts/ui.sh build
cargo build --release --locked -p autoinvoice-desktop --features custom-protocol

TAURI_DRIVER_VERSION=2.1.0
if ! "$TOOLS/bin/tauri-driver" --help >/dev/null 2>&1; then
    echo "e2e: installing tauri-driver $TAURI_DRIVER_VERSION" >&2
    cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked --root "$TOOLS"
fi

export AUTOINVOICE_APP="$CARGO_TARGET_DIR/release/autoinvoice-desktop"
export TAURI_DRIVER="$TOOLS/bin/tauri-driver"
export AUTOINVOICE_E2E_SHOTS="${AUTOINVOICE_E2E_SHOTS:-$CARGO_TARGET_DIR/e2e-screens}"
rm -rf "$AUTOINVOICE_E2E_SHOTS"

# A display of our own, unless one is given.
xvfb_pid=""
cleanup() { [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true; }
trap cleanup EXIT
if [ -z "${DISPLAY:-}" ]; then
    for n in $(seq 90 110); do
        [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { display=":$n"; break; }
    done
    Xvfb "$display" -screen 0 1280x860x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
    export DISPLAY="$display"
fi
# WebKitGTK's sandbox needs user namespaces that containers often lack. (Do not disable
# compositing: WebKitWebDriver screenshots then hang on some pages.)
export WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS=1

cargo test --locked -p autoinvoice-desktop-e2e --test e2e -- --ignored --test-threads=1 "$@"
echo "e2e: screenshots in $AUTOINVOICE_E2E_SHOTS" >&2
