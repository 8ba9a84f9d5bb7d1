#!/bin/sh
# Runs a command under a real Secret Service: a private D-Bus session bus and
# an unlocked gnome-keyring, with HOME and the XDG directories in a throwaway
# directory, so a test never touches (or depends on) a real user's keyring.
# Usage: with-keyring.sh COMMAND [ARGS...]; exits with the command's status.
set -eu

for tool in dbus-run-session gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "with-keyring.sh: $tool is missing (scripts/packages.txt lists dbus and gnome-keyring)" >&2
        exit 1
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/maitre-keyring.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
    XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# No display: nothing may try to show an unlock prompt. No inherited bus.
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS

# --unlock with a non-empty password creates the "login" collection unlocked
# and makes it the default (an empty one would ask a prompter for a password).
# The daemon quits when the session bus goes away.
dbus-run-session -- sh -c '
    printf maitre-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 1
    exec "$@"' with-keyring "$@"
