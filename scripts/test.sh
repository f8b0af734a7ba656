#!/usr/bin/env bash
# The one test command (`npm test`): build, compile the tests, then the three tiers
#   unit         mocha in Node 20 (out/test/unit, per .mocharc.json)
#   integration  mocha inside the real VS Code extension host (code-server)
#   ui           mocha in Node 20 driving code-server's workbench in headless Chromium
#   agents       the real agent CLIs from npm (Node 24), configured by Switchboard's adapters,
#                against loopback doubles of the model APIs
# Every tier runs even when an earlier one failed. The last line is `N passed, N failed`;
# the exit status is non-zero on any failure.
#
# Optional arguments pick tiers: `npm test -- ui`, `bash scripts/test.sh integration ui`.
#
# Counting: each tier writes test-results/<tier>.json (see test/harness/results.ts). A tier
# that leaves no such file, or exits non-zero while reporting no failure, counts as one
# failure; so does a failed build, compile or code-server install. Nothing counts as passed
# unless a test passed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tiers=("$@")
[ ${#tiers[@]} -gt 0 ] || tiers=(unit integration ui agents)
wants() { local t; for t in "${tiers[@]}"; do [ "$t" = "$1" ] && return 0; done; return 1; }

passed=0
failed=0
pending=0
report=()

# A step that is not a test: it adds a failure when it fails, nothing when it succeeds.
step() {
  local name=$1; shift
  local start=$SECONDS
  echo "==> $name"
  if "$@"; then
    report+=("$(printf '%-14s ok (%d s)' "$name" $((SECONDS - start)))")
    return 0
  fi
  failed=$((failed + 1))
  report+=("$(printf '%-14s FAILED (%d s)' "$name" $((SECONDS - start)))")
  return 1
}

# A test tier: counts come from test-results/<tier>.json.
tier() {
  local name=$1; shift
  local start=$SECONDS status=0
  echo "==> $name tests"
  rm -f "test-results/$name.json"
  # A hard upper bound per tier, on top of the harness's own bounded waits.
  timeout --kill-after=30 30m "$@" || status=$?
  local p=0 f=0 s=0 note=""
  if [ -f "test-results/$name.json" ]; then
    read -r p f s < <(node -e 'const r = require(process.argv[1]); console.log(r.passed, r.failed, r.pending)' "$PWD/test-results/$name.json")
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; note=" (exit $status with no failed test: counted as 1 failure)"; fi
  else
    f=1; note=" (no result file, exit $status: counted as 1 failure)"
  fi
  passed=$((passed + p)); failed=$((failed + f)); pending=$((pending + s))
  report+=("$(printf '%-14s %d passed, %d failed, %d pending (%d s)%s' "$name" "$p" "$f" "$s" $((SECONDS - start)) "$note")")
}

# Compiled tests whose source is gone would still run: drop them.
prune_stale_output() {
  local js src
  while IFS= read -r -d '' js; do
    src="${js#out/}"; src="${src%.js}.ts"
    [ -f "$src" ] || rm -f "$js" "$js.map"
  done < <(find out -name '*.js' -print0 2>/dev/null)
}

rm -rf test-results
mkdir -p test-results
mocha=node_modules/.bin/mocha
reporter=out/test/harness/countingReporter.js

step dependencies bash scripts/ensureDeps.sh
step build npm run build
step compile-tests npm run compile-tests
prune_stale_output

if wants unit; then
  tier unit env SWITCHBOARD_TIER=unit "$mocha" --reporter "$reporter"
fi

if wants integration || wants ui || wants agents; then
  # Also provides the Node 24 that the agent CLIs need.
  step code-server bash scripts/installCodeServer.sh
fi

if wants integration; then
  tier integration node out/test/harness/runIntegration.js
fi

if wants ui; then
  tier ui env SWITCHBOARD_TIER=ui "$mocha" --no-config --timeout 180000 --reporter "$reporter" 'out/test/ui/**/*.test.js'
fi

if wants agents; then
  step agent-clis bash scripts/installAgents.sh
  tier agents env SWITCHBOARD_TIER=agents "$mocha" --no-config --timeout 180000 --reporter "$reporter" 'out/test/agents/**/*.e2e.js'
fi

echo
echo "Summary (logs and screenshots in test-results/):"
printf '  %s\n' "${report[@]}"
[ "$pending" -eq 0 ] || echo "  ($pending pending tests are counted neither passed nor failed)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
