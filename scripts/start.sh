#!/usr/bin/env bash
# `npm start`: installs what is missing (dependencies, the pinned n8n), builds the package and
# starts the sandbox: the local Customer.io simulator, a real n8n editor with our nodes, and a
# local PostgreSQL for the examples that keep rows (Debian's package, installed when missing and possible).
# `npm run start:queue` (`--queue`): the same in n8n's queue mode (scripts/queue.ts), with Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
sandbox=scripts/sandbox.ts
if [ "${1:-}" = "--queue" ]; then
  shift
  sandbox=scripts/queue.ts
  bash scripts/install-system-deps.sh postgresql redis-server
else
  # Without PostgreSQL the sandbox still starts; the examples that keep rows are then left out.
  bash scripts/install-system-deps.sh postgresql || echo "Continuing without PostgreSQL: the closed-loop and dedupe examples will not be loaded."
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/install-n8n.sh
npm run --silent build
exec npx tsx "$sandbox" "$@"
