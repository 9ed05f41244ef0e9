# Sourced by scripts/e2e.sh and scripts/desktop-bench.sh: builds the UI and the release app,
# installs tauri-driver when missing, starts Xvfb on a free display unless DISPLAY is set,
# and exports what tests/desktop needs (AUTOINVOICE_APP, TAURI_DRIVER, DISPLAY).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/autoinvoice/target}"
TOOLS="$HOME/.cache/autoinvoice/tools"

scripts/ui.sh build
cargo build --release --locked -p autoinvoice-desktop --features custom-protocol

TAURI_DRIVER_VERSION=2.1.0
if ! "$TOOLS/bin/tauri-driver" --help >/dev/null 2>&1; then
    echo "desktop: installing tauri-driver $TAURI_DRIVER_VERSION" >&2
    cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked --root "$TOOLS"
fi

export AUTOINVOICE_APP="$CARGO_TARGET_DIR/release/autoinvoice-desktop"
export TAURI_DRIVER="$TOOLS/bin/tauri-driver"

# A display of our own, unless one is given.
xvfb_pid=""
bus_pid=""
cleanup() {
    [ -n "$bus_pid" ] && kill "$bus_pid" 2>/dev/null
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
    true
}
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
# A session bus of our own, unless there is one: every desktop session has one, and without
# it GLib and the accessibility bridge try to spawn `dbus-launch` at each start of the app
# (about 50 ms of a launch that no user pays).
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
    { read -r bus_address; read -r bus_pid; } < <(dbus-daemon --session --fork --print-address=1 --print-pid=1)
    export DBUS_SESSION_BUS_ADDRESS="$bus_address"
    # The accessibility bus, started as a desktop session starts it at login (else the first
    # GTK window to open waits for it to be activated).
    dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus org.a11y.Bus.GetAddress \
        >/dev/null 2>&1 || true
fi
# WebKitGTK's sandbox needs user namespaces that containers often lack. (Do not disable
# compositing: WebKitWebDriver screenshots then hang on some pages.)
export WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS=1
