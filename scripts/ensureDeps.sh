#!/usr/bin/env bash
# Makes a fresh machine ready for `npm test` and `npm start`: the Debian packages code-server
# and the browser tests need (installed with apt when missing, as root or with sudo), and the
# extension's own npm packages. Does nothing when everything is already there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# chromium plays the user; openssl makes the TLS tests' self-signed certificates; curl is the
# key helper's fast path (its tests run it); code-server's native modules need a compiler,
# pkg-config, the gssapi headers (kerberos) and python3 (node-gyp).
packages=(chromium openssl curl libkrb5-dev build-essential pkg-config python3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  echo "[ensureDeps] installing Debian packages: ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

[ -d node_modules ] || npm ci
