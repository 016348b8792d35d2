#!/usr/bin/env bash
# Installs exactly the Debian 12 packages NoisyNN Workbench needs to build, test and run, and makes
# libblas.so.3 resolve to OpenBLAS. Idempotent: when everything is present it changes nothing.
# Runs as root, or through sudo when invoked by another user.
set -euo pipefail

PACKAGES=(
    build-essential cmake ninja-build ccache pkg-config
    qt6-base-dev qt6-svg-dev libgl-dev
    libqcustomplot-dev
    libtorch-dev libopenblas0-openmp libblas-dev
    libopencv-dev libspdlog-dev nlohmann-json3-dev zlib1g-dev
    dataset-fashion-mnist
    xvfb xauth
)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "setup-dependencies: need root or sudo to run: $*" >&2
        exit 1
    fi
}

missing=()
for package in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup-dependencies: installing ${missing[*]}"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
    echo "setup-dependencies: all ${#PACKAGES[@]} packages present"
fi

# The reference BLAS makes LibTorch training about 17x slower (docs/DESIGN.md); point the alternative at
# OpenBLAS whenever it resolves anywhere else.
multiarch="$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)"
blas_link="libblas.so.3-${multiarch}"
openblas="/usr/lib/${multiarch}/openblas-openmp/libblas.so.3"
current="$(update-alternatives --query "$blas_link" 2>/dev/null | sed -n 's/^Value: //p')"
if [ -e "$openblas" ] && [ "$current" != "$openblas" ]; then
    echo "setup-dependencies: libblas.so.3 -> $openblas (was ${current:-unset})"
    as_root update-alternatives --set "$blas_link" "$openblas"
fi
