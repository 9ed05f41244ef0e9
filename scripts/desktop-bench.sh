#!/usr/bin/env bash
# The desktop benchmark: launch time, the invoice list's first page on 100,000 invoices,
# memory after start, .deb size (tests/desktop/bench.rs), on the release app under Xvfb.
# Needs the 100,000-invoice book that `cargo bench -p autoinvoice-tests --bench core` builds.
set -euo pipefail
source "$(dirname "$0")/desktop-env.sh"

# The dev profile: the bench only drives the release app; a release-profile build of this
# crate would rebuild the app's dependencies with other features.
cargo bench --locked --profile dev -p autoinvoice-desktop-e2e --bench desktop
