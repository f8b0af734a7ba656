#!/usr/bin/env bash
# Installs the pinned real VS Code (code-server) and the Node it needs into the git-ignored
# .vscode-test/ cache, the way @vscode/test-electron caches its download. Idempotent: a folder
# whose marker names the pinned version is reused. See ../shared/docs/real-vscode.md.
#
# Why not a devDependency: code-server needs Node 24 (its postinstall refuses Node 20) and is
# ~620 MB of native compiles; keeping it out of package.json keeps `npm ci` fast and on Node 20.
set -euo pipefail

log() { echo "[installCodeServer] $*"; }
# shellcheck source=lib/node24.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/node24.sh"

CODE_SERVER_VERSION=4.139.1

cs_dir="$cache/code-server-$CODE_SERVER_VERSION"
cs_entry="$cs_dir/node_modules/code-server/out/node/entry.js"


ensure_node24

if [ -f "$cs_dir/.installed" ] && [ -f "$cs_entry" ]; then
  log "code-server $CODE_SERVER_VERSION already in $cs_dir"
else
  log "installing code-server@$CODE_SERVER_VERSION into $cs_dir (native compiles, ~2 min)"
  rm -rf "$cs_dir"
  prepare_dir "$cs_dir"
  started=$SECONDS
  # Node 24 first on PATH and its headers as nodedir, so native modules build against Node 24.
  (cd "$cs_dir" && PATH="$node_pkg/bin:$PATH" npm_config_nodedir="$node_pkg" \
    npm install --no-save --no-package-lock --foreground-scripts=false "code-server@$CODE_SERVER_VERSION")
  [ -f "$cs_entry" ] || { log "code-server entry point missing after install"; exit 1; }
  touch "$cs_dir/.installed"
  log "code-server installed in $((SECONDS - started)) s"
fi

# One stable file the TypeScript harness reads, so versions are pinned in one place only.
cat >"$cache/paths.json" <<EOF
{
  "node": "$node_bin",
  "codeServerEntry": "$cs_entry",
  "codeServerVersion": "$CODE_SERVER_VERSION",
  "nodeVersion": "$NODE_VERSION"
}
EOF
# XDG_* into the cache: even `--version` writes a default config.yaml into the real home.
xdg="$cache/xdg-install"
ver="$(XDG_CONFIG_HOME="$xdg/config" XDG_DATA_HOME="$xdg/data" "$node_bin" "$cs_entry" --version 2>/dev/null | tail -1)"
log "ready: code-server $ver"
