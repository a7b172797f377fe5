#!/usr/bin/env bash
# Set up (a virtualenv in .venv with the project and its dev tools), start a
# real Neo4j for the tests (scripts/neo4j-dev.sh), then lint, type-check and
# run the whole suite on both stores. Extra arguments go to pytest.
#
#   bash scripts/test.sh                          everything; Neo4j tests must run
#   NEO4J_URI=bolt://host:7687 bash scripts/test.sh   use your own (empty!) Neo4j
#   MIGRAGRAPH_TEST_NEO4J=0 bash scripts/test.sh      embedded store only
#   MIGRAGRAPH_TEST_BROWSER=0 bash scripts/test.sh    without the explorer's browser tests
#   MIGRAGRAPH_TEST_BENCH=0 bash scripts/test.sh      without the quick benchmark run after the tests
# The browser tests need Debian's chromium: installed here when missing and we are root.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
npm ci --no-audit --no-fund --loglevel=error

.venv/bin/ruff check graph_api loaders tests bench samples scripts hatch_build.py
.venv/bin/ruff format --check graph_api loaders tests bench samples scripts hatch_build.py
.venv/bin/mypy
.venv/bin/lint-imports --no-cache

if [ "${MIGRAGRAPH_TEST_NEO4J:-1}" = 1 ] && [ -z "${NEO4J_URI:-}" ]; then
  # A fresh server with empty data for this run, stopped (and its data removed) on exit.
  NEO4J_DEV_STATE=$(mktemp -d -t migragraph-neo4j.XXXXXX)
  export NEO4J_DEV_STATE
  trap 'scripts/neo4j-dev.sh stop || true; rm -rf "$NEO4J_DEV_STATE"' EXIT
  eval "$(scripts/neo4j-dev.sh start)"
  export MIGRAGRAPH_REQUIRE_NEO4J=1
fi

if [ "${MIGRAGRAPH_TEST_BROWSER:-1}" = 1 ]; then
  if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  bash scripts/browser-test.sh
fi

.venv/bin/pytest "$@"

if [ "${MIGRAGRAPH_TEST_BENCH:-1}" = 1 ] && [ "${MIGRAGRAPH_TEST_NEO4J:-1}" = 1 ]; then
  # The benchmark suite's quick mode on both stores (it clears the test server's graph): a crash fails the
  # run, a slow machine does not (missed targets are reported in the results, not raised).
  .venv/bin/python -m bench --quick --out test-artifacts/bench-quick
fi
