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
