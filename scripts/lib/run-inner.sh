#!/bin/bash
# Builds maitre inside the environment and replaces this shell with it, so
# SIGINT/SIGTERM to the caller's process group reach maitre itself.
set -euo pipefail
"$MAITRE_SRC/scripts/lib/build.sh" maitre >&2
bin=$MAITRE_BUILD/app/maitre
# A sudo user runs maitre as themselves: their data, their files.
if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_UID:-}" ] && [ "${SUDO_UID}" != 0 ]; then
    export HOME=${MAITRE_USER_HOME:-$HOME} USER=${SUDO_USER:-}
    exec setpriv --reuid="$SUDO_UID" --regid="$SUDO_GID" --clear-groups -- "$bin" "$@"
fi
exec "$bin" "$@"
