#!/usr/bin/env bash
# `npm start`: installs what is missing (dependencies, the pinned n8n), builds the package and
# starts the sandbox: the local Customer.io simulator and a real n8n editor with our nodes.
# `npm run start:queue` (`--queue`): the same in n8n's queue mode (scripts/queue.ts), after
# installing Debian's PostgreSQL and Redis when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
sandbox=scripts/sandbox.ts
if [ "${1:-}" = "--queue" ]; then
  shift
  sandbox=scripts/queue.ts
  bash scripts/install-system-deps.sh
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/install-n8n.sh
npm run --silent build
exec npx tsx "$sandbox" "$@"
