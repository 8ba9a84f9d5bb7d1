#!/bin/bash
# Inside the environment: starts Xvfb, the console with the demo restaurant on
# a throwaway data directory, and saves the window to $1 (PNG).
set -euo pipefail
out=$1
data=$(mktemp -d /tmp/maitre-shot-XXXXXX)
chmod 711 "$data"
Xvfb :77 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$data"' EXIT
sleep 1
DISPLAY=:77 "$MAITRE_BUILD/app/maitre" --demo --port 0 --data-dir "$data" ${MAITRE_TEST_LANG:-} >/dev/null 2>&1 &
maitre=$!
sleep "${MAITRE_TEST_SHOT_DELAY:-8}"
DISPLAY=:77 xwd -root -silent | xwdtopnm 2>/dev/null | pnmcut -left 0 -top 0 -width 1100 -height 720 | pnmtopng >"$out"
kill -TERM $maitre
wait $maitre || true
echo "saved $out"
