#!/bin/sh
# Runs the end-to-end flow in French and English against an app binary under Xvfb, each on a
# fresh database, through WebKitWebDriver. A debug binary loads the Vite dev server
# (npm --prefix ui run dev); a release binary carries ui/dist.
#   ui/e2e/run.sh PATH/TO/autoinvoice-desktop [OUT_DIR]
set -eu
BIN=$(realpath "$1")
OUT=${2:-e2e-shots}
HERE=$(dirname "$(realpath "$0")")
mkdir -p "$OUT"
status=0
for lang in en fr; do
  DB_DIR=$(mktemp -d)
  PORT=$((4444 + $(date +%s) % 1000))
  AUTOINVOICE_DB="$DB_DIR/e2e.db" TAURI_WEBVIEW_AUTOMATION=true xvfb-run -a -s "-screen 0 1400x1000x24" sh -c "
    WebKitWebDriver --port=$PORT >/dev/null 2>&1 & WD=\$!
    sleep 1
    python3 '$HERE/flow.py' --binary '$BIN' --lang $lang --out '$OUT' --webdriver http://127.0.0.1:$PORT
    rc=\$?; kill \$WD; exit \$rc" || status=1
  rm -rf "$DB_DIR"
done
exit $status
