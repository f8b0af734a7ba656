#!/usr/bin/env bash
# `npm start`: build the extension, make sure code-server is installed, then serve the real
# extension in VS Code at http://127.0.0.1:8080 (PORT=... to change) until Ctrl+C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensureDeps.sh
npm run build
npm run compile-tests   # the launcher lives in test/harness (shared with the test tiers)
bash scripts/installCodeServer.sh
exec node out/test/harness/serve.js
