#!/usr/bin/env bash
# Installs what minzheng needs and is missing: Debian packages (with apt-get,
# when run as root) and npm packages (node_modules, from package-lock.json).
# Quiet when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(build-essential pkg-config libsqlite3-dev libssl-dev libicu-dev libcmocka-dev
      libjansson-dev libmicrohttpd-dev libxlsxwriter-dev libzip-dev libxml2-dev
      libcairo2-dev libpango1.0-dev libharfbuzz-dev libfontconfig-dev libqrencode-dev
      fonts-wqy-microhei poppler-utils
      sqlite3 wrk nodejs npm chromium python3-numpy)
missing=()
for p in "${debs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# node and npm may come from elsewhere than Debian (e.g. a NodeSource build).
if command -v node >/dev/null && command -v npm >/dev/null; then
    missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -ra missing <<< "${missing[*]}"
if ((${#missing[@]})); then
    if [ "$(id -u)" -ne 0 ]; then
        echo "bootstrap: missing Debian packages: ${missing[*]}" >&2
        echo "bootstrap: run as root, or: sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
    echo "bootstrap: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "bootstrap: installing npm packages" >&2
    npm ci --no-audit --no-fund --loglevel=error >&2
fi
