# shellcheck shell=bash
# The Debian 13 environment Maitre builds, tests and runs in.
#
# On a host whose apt offers Qt 6.8 and PostgreSQL 17 (Debian 13 or newer) the
# packages in scripts/packages.txt are installed natively. On an older host
# (Debian 12, like CI) a trixie root filesystem is made with mmdebstrap in a
# cache outside the clone and commands run in it through `unshare --mount` +
# bind mounts + `chroot`: no daemon, and the process keeps its PID, so signals
# reach maitre directly.

set -euo pipefail

MAITRE_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MAITRE_PACKAGES=$MAITRE_SRC/scripts/packages.txt
MAITRE_MIRROR=${MAITRE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
MAITRE_SECURITY_MIRROR=${MAITRE_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}

say() { printf '\033[1m[maitre]\033[0m %s\n' "$*" >&2; }
die() {
    printf '\033[1;31m[maitre]\033[0m %s\n' "$*" >&2
    exit 1
}

package_names() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$MAITRE_PACKAGES" | tr -s '[:space:]' ' '; }

# Runs a command as root: directly, or through sudo for a sudo user.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        die "this step needs root: run as root or install sudo"
    fi
}

# True on Debian 13 or newer, or when the host's own apt offers the trixie
# versions we need (e.g. a derivative).
host_is_native() {
    [ "${MAITRE_FORCE_CHROOT:-0}" = 1 ] && return 1
    command -v apt-cache >/dev/null || return 1
    if [ -r /etc/os-release ]; then
        local id version codename
        id=$(. /etc/os-release && echo "${ID:-}")
        version=$(. /etc/os-release && echo "${VERSION_ID:-}")
        codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
        if [ "$id" = debian ]; then
            case $codename in trixie | forky | duke | sid) return 0 ;; esac
            [ -n "$version" ] && [ "${version%%.*}" -ge 13 ] 2>/dev/null && return 0
            [ -n "$version" ] && return 1
        fi
    fi
    local qt pg
    qt=$(apt-cache policy qt6-httpserver-dev 2>/dev/null | awk '/Candidate:/ {print $2}')
    pg=$(apt-cache policy postgresql-17 2>/dev/null | awk '/Candidate:/ {print $2}')
    [ -n "$qt" ] && [ "$qt" != "(none)" ] && [ -n "$pg" ] && [ "$pg" != "(none)" ] || return 1
    dpkg --compare-versions "$qt" ge 6.8
}

missing_host_packages() {
    local p missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    echo "${missing[@]:-}"
}

apt_install() {
    local missing
    missing=$(missing_host_packages "$@")
    [ -z "$missing" ] && return 0
    say "Installing host packages: $missing"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    # shellcheck disable=SC2086
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}

if host_is_native; then
    MAITRE_MODE=native
else
    MAITRE_MODE=chroot
fi

if [ "$MAITRE_MODE" = chroot ] || [ "$(id -u)" -eq 0 ]; then
    MAITRE_CACHE=${MAITRE_CACHE_DIR:-/var/cache/maitre}
else
    MAITRE_CACHE=${MAITRE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/maitre}
fi
MAITRE_ROOTFS=$MAITRE_CACHE/trixie
MAITRE_WORK=$MAITRE_CACHE/work
# One build tree per clone, so two clones never fight over one CMakeCache.
MAITRE_BUILD=${MAITRE_BUILD_DIR:-$MAITRE_WORK/build/$(printf '%s' "$MAITRE_SRC" | sha256sum | cut -c1-12)}

MMDEBSTRAP_OPTIONS=(--variant=apt --mode=root
    --aptopt='APT::Install-Recommends "false"'
    --dpkgopt='path-exclude=/usr/share/doc/*'
    --dpkgopt='path-include=/usr/share/doc/*/copyright'
    --dpkgopt='path-exclude=/usr/share/man/*')

# What the root filesystem is made from: the package list and the recipe.
rootfs_stamp() { { cat "$MAITRE_PACKAGES"; echo "${MMDEBSTRAP_OPTIONS[*]} $MAITRE_MIRROR"; } | sha256sum | cut -d' ' -f1; }

ensure_rootfs() {
    local stamp
    stamp=$(rootfs_stamp)
    [ -f "$MAITRE_ROOTFS/.maitre-stamp" ] && [ "$(cat "$MAITRE_ROOTFS/.maitre-stamp")" = "$stamp" ] && return 0
    mkdir -p "$MAITRE_CACHE"
    exec 9>"$MAITRE_CACHE/.rootfs.lock"
    flock 9
    # Another run may have made it while we waited for the lock.
    if [ -f "$MAITRE_ROOTFS/.maitre-stamp" ] && [ "$(cat "$MAITRE_ROOTFS/.maitre-stamp")" = "$stamp" ]; then
        exec 9>&-
        return 0
    fi
    apt_install mmdebstrap debian-archive-keyring
    local pkgs new=$MAITRE_ROOTFS.new
    pkgs=$(package_names | tr ' ' ',' | sed 's/,$//')
    say "Creating the Debian 13 environment in $MAITRE_ROOTFS"
    say "($(package_names | wc -w) packages and their dependencies, about 1.3 GB; one to three minutes)"
    rm -rf "$new"
    mmdebstrap "${MMDEBSTRAP_OPTIONS[@]}" \
        --include="$pkgs" \
        trixie "$new" \
        "deb $MAITRE_MIRROR trixie main" \
        "deb $MAITRE_MIRROR trixie-updates main" \
        "deb $MAITRE_SECURITY_MIRROR trixie-security main" ||
        die "mmdebstrap failed; see the messages above"
    echo "$stamp" >"$new/.maitre-stamp"
    rm -rf "$MAITRE_ROOTFS"
    mv "$new" "$MAITRE_ROOTFS"
    say "Debian 13 environment ready ($(du -sh "$MAITRE_ROOTFS" | cut -f1))"
    exec 9>&-
}

# Makes sure everything scripts/packages.txt names is available.
prepare_environment() {
    if [ "$MAITRE_MODE" = native ]; then
        # shellcheck disable=SC2046
        apt_install $(package_names)
    else
        if [ "$(id -u)" -ne 0 ]; then
            die "internal: the chroot environment needs root"
        fi
        ensure_rootfs
    fi
    mkdir -p "$MAITRE_WORK/ccache" "$MAITRE_BUILD"
}

# Re-executes the calling script as root when the chroot is needed.
need_root_for_chroot() {
    if [ "$MAITRE_MODE" = chroot ] && [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || die "Debian 12 hosts need root for the Debian 13 environment: run as root or install sudo"
        say "The Debian 13 environment needs root; asking sudo"
        exec sudo --preserve-env=DISPLAY,XAUTHORITY,WAYLAND_DISPLAY,XDG_RUNTIME_DIR,LANG,LANGUAGE,LC_ALL,LC_MESSAGES,TERM,CI "$0" "$@"
    fi
}

# Runs "$@" in the environment, replacing this shell (exec), so signals sent
# to the caller's process group reach the command itself.
exec_in_env() {
    local vars=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
        "HOME=${MAITRE_HOME:-$HOME}" "MAITRE_SRC=$MAITRE_SRC" "MAITRE_BUILD=$MAITRE_BUILD"
        "CCACHE_DIR=$MAITRE_WORK/ccache" "CCACHE_BASEDIR=/" "CCACHE_NOHASHDIR=1" "MAITRE_MODE=$MAITRE_MODE"
        "LC_CTYPE=C.UTF-8")
    local v
    for v in TERM DISPLAY XAUTHORITY WAYLAND_DISPLAY XDG_RUNTIME_DIR LANG LANGUAGE LC_ALL LC_MESSAGES CI \
        SUDO_UID SUDO_GID SUDO_USER MAITRE_USER_HOME; do
        [ -n "${!v:-}" ] && vars+=("$v=${!v}")
    done
    while IFS='=' read -r v _; do
        case $v in QT_* | MAITRE_TEST_* | CTEST_*) vars+=("$v=${!v}") ;; esac
    done < <(env)
    if [ "$MAITRE_MODE" = native ]; then
        exec env -i "${vars[@]}" "$@"
    fi
    # Paths seen the same inside as outside: the clone, the work cache, the
    # places users keep data, and the X/Wayland sockets.
    local binds=(/tmp /home /root /srv /mnt /media "$MAITRE_SRC" "$MAITRE_WORK")
    # Trust what the host trusts (e.g. a proxy's CA) for npm inside.
    if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
        binds+=(/etc/ssl/certs/ca-certificates.crt:/etc/ssl/host-ca-certificates.crt)
        vars+=(NODE_EXTRA_CA_CERTS=/etc/ssl/host-ca-certificates.crt)
    fi
    [ -d /var/lib/maitre ] && binds+=(/var/lib/maitre)
    [ -n "${XDG_RUNTIME_DIR:-}" ] && [ -d "$XDG_RUNTIME_DIR" ] && binds+=("$XDG_RUNTIME_DIR")
    [ -n "${XAUTHORITY:-}" ] && [ -f "$XAUTHORITY" ] && binds+=("$XAUTHORITY")
    local cwd=$PWD
    exec unshare --mount --propagation private -- /bin/bash -c '
        set -e
        root=$1; cwd=$2; shift 2
        for fs in proc sys dev; do mount --rbind "/$fs" "$root/$fs"; done
        while [ "$1" != -- ]; do
            src=${1%%:*}; dst=${1#*:}; shift
            if [ -d "$src" ]; then mkdir -p "$root$dst"; else mkdir -p "$(dirname "$root$dst")"; touch "$root$dst"; fi
            mount --rbind "$src" "$root$dst"
        done
        shift
        [ -d "$root$cwd" ] || cwd=/
        cd "$root$cwd"
        exec chroot "$root" /bin/sh -c "cd \"\$0\" 2>/dev/null || cd /; exec \"\$@\"" "$cwd" "$@"
    ' maitre-env "$MAITRE_ROOTFS" "$cwd" "${binds[@]}" -- env -i "${vars[@]}" "$@"
}
