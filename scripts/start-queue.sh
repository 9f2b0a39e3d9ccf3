#!/usr/bin/env bash
# `npm run start:queue`: installs what is missing (Debian's PostgreSQL and Redis, dependencies,
# the pinned n8n), builds the package and starts the sandbox in n8n's queue mode (scripts/queue.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/install-n8n.sh
npm run --silent build
exec npx tsx scripts/queue.ts "$@"
