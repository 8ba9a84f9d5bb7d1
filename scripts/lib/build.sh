#!/bin/bash
# Configures and builds Maitre inside the environment (see env.sh); arguments
# name targets (default: everything). Warnings are errors: main stays warning-free.
set -euo pipefail
: "${MAITRE_SRC:?}" "${MAITRE_BUILD:?}"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
if [ ! -f "$MAITRE_BUILD/build.ninja" ]; then
    printf '\033[1m[maitre]\033[0m Configuring the build in %s\n' "$MAITRE_BUILD" >&2
    cmake -S "$MAITRE_SRC" -B "$MAITRE_BUILD" -G Ninja \
        -DCMAKE_BUILD_TYPE="${MAITRE_BUILD_TYPE:-Debug}" -DMAITRE_WERROR=ON "${launcher[@]}" >/dev/null
fi
printf '\033[1m[maitre]\033[0m Building (%s cores)\n' "$(nproc)" >&2
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build "$MAITRE_BUILD" "${targets[@]}" -- -j"$(nproc)"
