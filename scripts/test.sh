#!/usr/bin/env bash
# The one test command (README: `npm test`; CI calls it too). Builds, lints, type-checks, runs
# the unit tests, then the end-to-end tests against a real n8n (the pinned one for the full suite,
# and each n8n of the compatibility matrix; they and the Debian packages the tests need are
# installed on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

npm run --silent build
npm run --silent lint
node scripts/scan-package.mjs
npm run --silent typecheck
bash scripts/install-system-deps.sh
# The pinned n8n (full e2e suite), then every n8n of the compatibility matrix (test/e2e/compat.test.ts).
bash scripts/install-n8n.sh
node -e 'for (const r of require("./test/compat/n8n-versions.json").matrix) console.log(r.n8n, r.node)' |
  while read -r version node_major; do bash scripts/install-n8n.sh "$version" $node_major; done

status=0
npx jest --selectProjects unit --json --outputFile="$results/unit.json" || status=1
npx jest --selectProjects e2e --runInBand --json --outputFile="$results/e2e.json" || status=1
# The benchmark at tiny sizes, so it never rots (no targets asserted; `npm run bench` measures).
npx tsx bench/run.ts --smoke > "$results/bench-smoke.log" 2>&1 || { cat "$results/bench-smoke.log"; echo "bench smoke run failed"; status=1; }

# One closing line that CI reads: "N passed, N failed".
node -e '
const fs = require("fs");
let passed = 0, failed = 0;
for (const f of fs.readdirSync(process.argv[1]).filter((name) => name.endsWith(".json"))) {
  const r = JSON.parse(fs.readFileSync(`${process.argv[1]}/${f}`, "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
' "$results"
exit $status
