#!/usr/bin/env bash
# Installs the peers the gateway benchmark (test/harness/benchGateway.ts) compares against,
# into the git-ignored cache .vscode-test/bench-peers/, with Node 24 from npm first on PATH
# (claude-code-router's engines say node >= 22). Idempotent: a marker file naming the exact
# pinned set is reused as is. Writes .vscode-test/bench-peers/paths.json for the bench.
set -euo pipefail

log() { echo "[installBenchPeers] $*"; }
# shellcheck source=lib/node24.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/node24.sh"

# Exact pin: the bench compares against this release only.
PEERS=(
  "@musistudio/claude-code-router@3.1.1"
)
# Its dependencies that the gateway path needs, as its package.json ranges them.
CCR_RUNTIME_DEPS=("undici@^7.29.0" "better-sqlite3@^12.11.1" "node-forge@^1.4.0")

peers_dir="$cache/bench-peers"
marker="$peers_dir/.installed"
wanted="node=$NODE_VERSION ${PEERS[*]}"

ensure_node24
export PATH="$node_pkg/bin:$PATH"

if [ -f "$marker" ] && [ "$(cat "$marker")" = "$wanted" ] && [ -d "$peers_dir/node_modules" ]; then
  log "peers already in $peers_dir"
else
  log "installing ${PEERS[*]} into $peers_dir"
  rm -rf "$peers_dir"
  prepare_dir "$peers_dir"
  started=$SECONDS
  if ! (cd "$peers_dir" && npm_config_nodedir="$node_pkg" \
    npm install --no-save --no-package-lock --engine-strict "${PEERS[@]}"); then
    # 3.1.1 names two @the-next-ai/* packages some registries do not serve (404). Its dist/main
    # bundles the gateway they would provide (next-ai-gateway.js, found before the package), so
    # install the runtime dependencies that resolve, then unpack the pinned tarball beside them.
    log "full install failed; installing the resolvable dependencies and the pinned tarball"
    rm -rf "$peers_dir/node_modules"
    (cd "$peers_dir" && npm_config_nodedir="$node_pkg" \
      npm install --no-save --no-package-lock --engine-strict "${CCR_RUNTIME_DEPS[@]}")
    target="$peers_dir/node_modules/@musistudio/claude-code-router"
    mkdir -p "$target"
    tarball="$(cd "$peers_dir" && npm pack --silent "${PEERS[0]}" | tail -1)"
    tar xzf "$peers_dir/$tarball" -C "$target" --strip-components=1
    rm -f "$peers_dir/$tarball"
  fi
  [ -f "$peers_dir/node_modules/@musistudio/claude-code-router/package.json" ] || { log "claude-code-router missing after install"; exit 1; }
  echo "$wanted" >"$marker"
  log "peers installed in $((SECONDS - started)) s"
fi

cat >"$peers_dir/paths.json" <<EOF
{
  "node": "$node_bin",
  "nodeVersion": "$NODE_VERSION",
  "claudeCodeRouter": "$peers_dir/node_modules/@musistudio/claude-code-router",
  "peers": [$(printf '"%s",' "${PEERS[@]}" | sed 's/,$//')]
}
EOF
log "ready"
