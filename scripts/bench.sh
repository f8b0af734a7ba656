#!/usr/bin/env bash
# `npm run bench`: production build + .vsix (npm run package), then test/harness/bench.ts
# measures activation (as VS Code reports it), the .vsix and bundle sizes, and the
# extension-host benches in test/bench/ (SWITCHBOARD_BENCH=1). Writes bench/results.json.
# Note: leaves the production (minified, no source maps) build in dist/; `npm run build`
# or `npm test` restores the development build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
npm run package </dev/null   # vsce may ask questions; never wait on a terminal
# A fresh out/: a bench file whose source is gone must not run.
rm -rf out
npm run compile-tests
bash scripts/installCodeServer.sh
# The gateway bench compares against claude-code-router, installed into .vscode-test/bench-peers/.
bash scripts/installBenchPeers.sh || echo "bench: claude-code-router could not be installed; the gateway bench reports without it"
node out/test/harness/bench.js
