#!/bin/bash
# Builds and runs the whole suite through ctest, inside the environment.
set -euo pipefail
"$MAITRE_SRC/scripts/lib/build.sh"
# The browser test's driver (playwright-core, no browser download: it uses
# Debian's chromium). Installed again only when the lock file changes.
browser=$MAITRE_SRC/tests/browser
if [ ! -f "$browser/node_modules/.package-lock.json" ] || [ "$browser/package-lock.json" -nt "$browser/node_modules/.package-lock.json" ]; then
    printf '\033[1m[maitre]\033[0m Installing the browser test driver (npm ci)\n' >&2
    (cd "$browser" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
cd "$MAITRE_BUILD"
printf '\033[1m[maitre]\033[0m Running the test suite\n' >&2
exec ctest --output-on-failure --timeout 900 -j"$(nproc)" "$@"
