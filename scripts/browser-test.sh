#!/usr/bin/env bash
# The explorer's browser tests: headless Chromium (Debian's) driven by playwright-core
# against a real `migragraph serve`. Screenshots go to test-artifacts/screenshots/.
# Needs the .venv (scripts/test.sh or the README's run command), Node.js with npm, and
# Chromium (apt-get install -y chromium; or set CHROMIUM_PATH). Extra arguments go to node --test.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "browser tests need Node.js and npm: apt-get install -y nodejs npm" >&2
  exit 1
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "no Chromium at $CHROMIUM_PATH: install Debian's with" >&2
  echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium" >&2
  echo "or set CHROMIUM_PATH to a Chromium or Chrome binary" >&2
  exit 1
fi
export CHROMIUM_PATH

node --test "$@" tests/browser/*.test.mjs
