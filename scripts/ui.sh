#!/usr/bin/env bash
# The UI's node packages (from package-lock.json, reinstalled only when it changes), then
# `npm run <script>` for each argument: build, check, test.
set -euo pipefail
cd "$(dirname "$0")/../ui"
stamp=node_modules/.lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > "$stamp"
fi
for script in "$@"; do
    npm run --silent "$script"
done
