#!/usr/bin/env bash
# Installs the pinned n8n runtime used by `npm start` and the e2e tests.
# It lives outside the repo in a per-version cache folder (reused by later runs and
# fresh clones on the same machine), and `.n8n-runtime` in the repo links to it.
# A half-finished install is never reused: the `.complete` marker is written last.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.8.4}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${N8N_RUNTIME_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-customerio-lifecycle}/n8n-$N8N_VERSION"

if [ ! -f "$cache/.complete" ]; then
  echo "Installing n8n $N8N_VERSION into $cache (first run only, about 4 minutes)…"
  rm -rf "$cache"
  mkdir -p "$cache"
  # xlsx override: without it the install tries to resolve an external CDN and fails.
  cat > "$cache/package.json" <<JSON
{
  "name": "n8n-runtime",
  "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "xlsx": "0.18.5" }
}
JSON
  (cd "$cache" && npm install --no-audit --no-fund --loglevel=error)
  "$cache/node_modules/.bin/n8n" --version >/dev/null
  touch "$cache/.complete"
fi
ln -sfn "$cache" "$root/.n8n-runtime"
echo "n8n $("$root/.n8n-runtime/node_modules/.bin/n8n" --version) ready at $root/.n8n-runtime"
