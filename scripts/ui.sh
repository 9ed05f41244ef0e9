#!/usr/bin/env bash
# The UI's node packages (from package-lock.json, reinstalled only when it changes), then
# `npm run <script>` for each argument: build, check, test. `build` is skipped when ui/dist
# was built from the same sources: a rebuilt dist has new file times, which makes cargo
# re-embed it and relink the app (minutes) for nothing.
set -euo pipefail
cd "$(dirname "$0")/../ui"
stamp=node_modules/.lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > "$stamp"
fi
sources_hash() {
    # The documents' fonts too: the UI draws with them (src/app.css).
    { find src index.html package-lock.json package.json svelte.config.js tsconfig.json vite.config.ts \
        ../crates/documents/fonts -type f -print0 | sort -z | xargs -0 sha256sum; env | grep '^VITE_' || true; } | sha256sum | cut -d' ' -f1
}
for script in "$@"; do
    if [ "$script" = build ]; then
        built=node_modules/.dist-sources-hash
        want=$(sources_hash)
        if [ -f "$built" ] && [ "$(cat "$built")" = "$want" ] && [ -f dist/index.html ]; then
            echo "ui: dist is up to date" >&2
            continue
        fi
        npm run --silent build
        echo "$want" > "$built"
        continue
    fi
    npm run --silent "$script"
done
