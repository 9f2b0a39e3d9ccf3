#!/usr/bin/env bash
# Installs an n8n runtime for `npm start` and the e2e tests: by default the pinned one, or
# `install-n8n.sh <n8n version> [<Node.js major>]` for the compatibility matrix
# (test/compat/n8n-versions.json lists both). Each runtime lives in its own cache folder outside
# the repo (N8N_RUNTIME_CACHE, default ~/.cache/n8n-nodes-customerio-lifecycle), reused by later
# runs and clones on this machine; `.n8n-runtimes/<version>` in the repo links to it. A runtime is trusted only after its check passes
# (scripts/check-n8n-runtime.mjs: native modules load; at install time n8n also boots on SQLite),
# and it is checked again on every reuse: a broken cache is rebuilt, never reused.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
versions="$root/test/compat/n8n-versions.json"
version="${1:-${N8N_VERSION:-$(node -p "require('$versions').pinned")}}"
node_major="${2:-}"
base="${N8N_RUNTIME_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-customerio-lifecycle}"
name="n8n-$version${node_major:+-node$node_major}"
cache="$base/$name"
check="$root/scripts/check-n8n-runtime.mjs"
mkdir -p "$base"

# npm hands its config to scripts as npm_config_* variables (this repo's .npmrc sets
# ignore-scripts=true, so `npm test` would pass that on): the runtime install must not inherit
# any of it. Each npm call below runs with a clean npm environment and explicit flags.
clean_npm() { env $(compgen -e | grep -iE '^npm_(config|package|lifecycle)_' | sed 's/^/-u /') "$@"; }

# npm can stall on a registry connection that stays open and sends nothing (seen: one socket, no
# bytes, 40 minutes, in a CI run). Each npm install runs under a watchdog: when neither the folder it
# installs into nor npm's cache has gained a file for 5 minutes (CIO_NPM_STALL_SECONDS), it is
# stopped and tried again (3 tries; the cache keeps what was already fetched, so a retry resumes).
npm_watched() {
  local dir="$1"; shift
  local npm_cache; npm_cache="$(clean_npm npm config get cache)"
  local stamp; stamp="$(mktemp)"
  local limit="${CIO_NPM_STALL_SECONDS:-300}"
  for attempt in 1 2 3; do
    (cd "$dir" && clean_npm "$@") &
    local pid=$! idle=0
    touch "$stamp"
    while kill -0 "$pid" 2>/dev/null; do
      sleep 10
      if [ -n "$(find "$dir" "$npm_cache" -newer "$stamp" -print -quit 2>/dev/null)" ]; then
        touch "$stamp"; idle=0
      else
        idle=$((idle + 10))
      fi
      if [ "$idle" -ge "$limit" ]; then
        echo "npm made no progress for $limit s in $dir (try $attempt of 3): stopping it"
        pkill -KILL -P "$pid" 2>/dev/null || true
        break
      fi
    done
    if wait "$pid"; then rm -f "$stamp"; return 0; fi
    [ "$idle" -ge "$limit" ] || { rm -f "$stamp"; return 1; }
  done
  rm -f "$stamp"
  echo "npm stalled three times in $dir: check the connection to the npm registry"
  return 1
}

# One install at a time per runtime (parallel test runs or clones on one machine); flock is
# util-linux's, so elsewhere (macOS) installs simply are not guarded.
exec 9>"$base/$name.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi

if [ -f "$cache/.complete" ] && node "$check" "$cache"; then
  :
else
  [ -f "$cache/.complete" ] && echo "The cached n8n $version runtime failed its check: reinstalling it."
  started=$(date +%s)
  echo "Installing n8n $version${node_major:+ on Node.js $node_major} into $cache (first run only: about 2.3 GB, 6 to 8 minutes)…"
  rm -rf "$cache"
  mkdir -p "$cache/bin"
  export PATH="$cache/bin:$PATH"
  if [ -n "$node_major" ]; then
    # The Node.js this n8n needs, from the npm registry (the node-linux-<arch> package holds
    # the official binary and headers; native modules are compiled against those headers).
    case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
    mkdir -p "$cache/node"
    echo '{"private":true}' > "$cache/node/package.json"
    npm_watched "$cache/node" npm install --no-audit --no-fund --loglevel=error --ignore-scripts "node-linux-$arch@$node_major"
    ln -s "$cache/node/node_modules/node-linux-$arch/bin/node" "$cache/bin/node"
    export npm_config_nodedir="$cache/node/node_modules/node-linux-$arch"
  fi
  # xlsx override: without it the install tries to resolve an external CDN and fails.
  cat > "$cache/package.json" <<JSON
{
  "name": "n8n-runtime",
  "private": true,
  "dependencies": { "n8n": "$version" },
  "overrides": { "xlsx": "0.18.5" }
}
JSON
  # Install without scripts (some of n8n's dependencies download from outside the npm registry
  # in theirs, e.g. @confluentinc/kafka-javascript in 2.41), then build the native modules n8n
  # itself needs from source: sqlite3 (its database) and isolated-vm (newer n8n's sandbox).
  npm_watched "$cache" ${npm_config_nodedir:+env npm_config_nodedir="$npm_config_nodedir"} npm install --no-audit --no-fund --loglevel=error --ignore-scripts=true
  native=()
  for module in sqlite3 isolated-vm; do [ -d "$cache/node_modules/$module" ] && native+=("$module"); done
  (cd "$cache" && clean_npm ${npm_config_nodedir:+npm_config_nodedir="$npm_config_nodedir"} npm_config_build_from_source=true npm rebuild --ignore-scripts=false --loglevel=error "${native[@]}")
  node "$check" "$cache" --boot
  touch "$cache/.complete"
  echo "n8n $version installed in $(( $(date +%s) - started )) s"
fi
mkdir -p "$root/.n8n-runtimes"
ln -sfn "$cache" "$root/.n8n-runtimes/$version"
echo "n8n $version ready at $cache"
