#!/usr/bin/env bash
# The one test command (README: `npm test`; CI calls it too). Builds, lints, type-checks, runs
# the unit tests, then the end-to-end tests against a real n8n (the pinned one for the full suite,
# and each n8n of the compatibility matrix; they and the Debian packages the tests need are
# installed on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

# The n8n runtimes install in the background, all at once, while the package is built and
# checked: the pinned n8n (full e2e suite) and every n8n of the compatibility matrix
# (test/e2e/compat.test.ts). Installs are mostly download and unpack, so they overlap well on
# two cores. A cached runtime that passes its check takes a second.
runtimes=("")
while read -r version node_major; do runtimes+=("$version $node_major"); done < <(
  node -e 'for (const r of require("./test/compat/n8n-versions.json").matrix) console.log(r.n8n, r.node)')
installs=()
for i in "${!runtimes[@]}"; do
  bash scripts/install-n8n.sh ${runtimes[$i]} > "$results/runtime-$i.log" 2>&1 &
  installs+=($!)
done

npm run --silent build
npm run --silent lint
node scripts/scan-package.mjs
node scripts/check-pack.mjs
npm run --silent typecheck
bash scripts/install-system-deps.sh
for i in "${!installs[@]}"; do
  if ! wait "${installs[$i]}"; then cat "$results/runtime-$i.log"; echo "installing an n8n runtime failed"; exit 1; fi
  grep -E 'reinstalling|installed in|ready at' "$results/runtime-$i.log"
done

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
