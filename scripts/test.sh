#!/usr/bin/env bash
# Set up (a virtualenv in .venv with the project and its dev tools), then lint,
# type-check and run the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'

.venv/bin/ruff check graph_api loaders tests
.venv/bin/ruff format --check graph_api loaders tests
.venv/bin/mypy
.venv/bin/pytest "$@"
