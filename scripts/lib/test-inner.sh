#!/bin/bash
# Builds and runs the whole suite through ctest, inside the environment.
set -euo pipefail
"$MAITRE_SRC/scripts/lib/build.sh"
cd "$MAITRE_BUILD"
printf '\033[1m[maitre]\033[0m Running the test suite\n' >&2
exec ctest --output-on-failure --timeout 900 -j"$(nproc)" "$@"
