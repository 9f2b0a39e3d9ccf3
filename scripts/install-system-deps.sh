#!/usr/bin/env bash
# Debian packages the tests and `npm run start:queue` need, installed only when missing:
# Chromium (browser tests, never a downloaded browser), PostgreSQL (queue mode, the examples'
# store) and Redis (queue mode). Arguments name a subset: `install-system-deps.sh postgresql`.
set -euo pipefail
if [ $# -gt 0 ]; then wanted=("$@"); else wanted=(chromium postgresql redis-server); fi
missing=()
for package in "${wanted[@]}"; do
  case "$package" in
    chromium) command -v chromium >/dev/null 2>&1 || missing+=(chromium) ;;
    postgresql) compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql) ;;
    redis-server) command -v redis-server >/dev/null 2>&1 || missing+=(redis-server) ;;
    *) echo "Unknown package: $package (known: chromium postgresql redis-server)" >&2; exit 1 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then sudo=""
elif command -v sudo >/dev/null 2>&1; then sudo="sudo"
else
  echo "Missing Debian packages: ${missing[*]}. Install them as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing packages: ${missing[*]}, and this is not a Debian/Ubuntu machine (no apt-get): install them with your package manager." >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
# The tests start their own PostgreSQL and Redis on free loopback ports, beside any the packages start.
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
