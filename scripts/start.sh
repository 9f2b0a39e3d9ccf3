#!/usr/bin/env bash
# `npm start`: installs what is missing (dependencies, the pinned n8n), builds the package and
# starts the sandbox: the local Customer.io simulator and a real n8n editor with our nodes.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/install-n8n.sh
npm run --silent build
exec npx tsx scripts/sandbox.ts "$@"
