#!/usr/bin/env bash
# Installs what building and testing AutoInvoice needs on Debian/Ubuntu, when it is missing.
# Safe to run again: it only installs what is absent.
set -euo pipefail

need_pkgs=()
command -v cc >/dev/null 2>&1 || need_pkgs+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || need_pkgs+=(pkg-config)
command -v sqlite3 >/dev/null 2>&1 || need_pkgs+=(sqlite3)
command -v make >/dev/null 2>&1 || need_pkgs+=(make)
command -v python3 >/dev/null 2>&1 || need_pkgs+=(python3)
# The e-invoice checker makes a Python virtual environment on first run.
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || need_pkgs+=(python3-venv)
# Document tests read PDFs as a person would: text, page count, attachments, the QR code.
command -v pdftotext >/dev/null 2>&1 || need_pkgs+=(poppler-utils)
command -v zbarimg >/dev/null 2>&1 || need_pkgs+=(zbar-tools)
# Email tests: a real SMTP server (aiosmtpd, for Debian's python3), a self-signed
# certificate (openssl), the kernel keyring (keyctl); the Secret Service client links libdbus.
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || need_pkgs+=(python3-aiosmtpd)
command -v openssl >/dev/null 2>&1 || need_pkgs+=(openssl)
command -v keyctl >/dev/null 2>&1 || need_pkgs+=(keyutils)
pkg-config --exists dbus-1 2>/dev/null || need_pkgs+=(libdbus-1-dev)
# Benchmarks read peak memory with GNU time.
[ -x /usr/bin/time ] || need_pkgs+=(time)
# The desktop app (Tauri 2 on WebKitGTK) and its end-to-end tests under Xvfb.
pkg-config --exists webkit2gtk-4.1 2>/dev/null || need_pkgs+=(libwebkit2gtk-4.1-dev)
pkg-config --exists libsoup-3.0 2>/dev/null || need_pkgs+=(libsoup-3.0-dev)
pkg-config --exists ayatana-appindicator3-0.1 2>/dev/null || need_pkgs+=(libayatana-appindicator3-dev)
pkg-config --exists librsvg-2.0 2>/dev/null || need_pkgs+=(librsvg2-dev)
pkg-config --exists openssl 2>/dev/null || need_pkgs+=(libssl-dev)
[ -e /usr/include/xdo.h ] || need_pkgs+=(libxdo-dev)
command -v file >/dev/null 2>&1 || need_pkgs+=(file)
command -v WebKitWebDriver >/dev/null 2>&1 || need_pkgs+=(webkit2gtk-driver)
command -v Xvfb >/dev/null 2>&1 || need_pkgs+=(xvfb)
command -v xauth >/dev/null 2>&1 || need_pkgs+=(xauth)
# A session bus for the app under Xvfb, as every desktop session has (scripts/desktop-env.sh).
command -v dbus-daemon >/dev/null 2>&1 || need_pkgs+=(dbus)
command -v npm >/dev/null 2>&1 || need_pkgs+=(nodejs npm)

if [ ${#need_pkgs[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null 2>&1; then
        SUDO=""
        [ "$(id -u)" -eq 0 ] || SUDO="sudo"
        echo "setup: installing ${need_pkgs[*]}" >&2
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
    else
        echo "setup: please install: ${need_pkgs[*]}" >&2
        exit 1
    fi
fi

if ! command -v cargo >/dev/null 2>&1; then
    if [ -x "$HOME/.cargo/bin/cargo" ]; then
        export PATH="$HOME/.cargo/bin:$PATH"
    else
        echo "setup: Rust (cargo 1.94 or newer) is required: install it with rustup (https://rustup.rs)" >&2
        exit 1
    fi
fi

# The UI builds with Vite 7, which needs Node.js 20.19 or newer.
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' 2>/dev/null; then
    echo "setup: Node.js $(node --version 2>/dev/null || echo 'is missing'); the UI needs 20.19 or newer (https://nodejs.org or NodeSource's apt repository)" >&2
    exit 1
fi
