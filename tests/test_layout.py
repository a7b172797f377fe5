"""The layout issue 15 set: layers that import only downward, and modules small enough to read whole."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 500
PACKAGES = ("graph_api", "loaders", "bench", "tests")


def test_the_import_contracts_are_kept() -> None:
    # The same check CI runs (scripts/test.sh): the contracts are in pyproject.toml's [tool.importlinter].
    lint_imports = Path(sys.executable).parent / "lint-imports"
    run = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_is_over_500_lines(package: str) -> None:
    long = {
        str(path.relative_to(REPO)): lines
        for path in sorted((REPO / package).rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"split these by concern (at most {MAX_MODULE_LINES} lines a module): {long}"


def test_every_folder_of_code_is_a_package_with_a_docstring() -> None:
    # A layer says what it holds where a reader first looks: its __init__.py.
    missing = []
    for package in PACKAGES[:2]:
        for folder in [REPO / package, *(p for p in (REPO / package).rglob("*") if p.is_dir())]:
            if folder.name in {"__pycache__", "static", "_bundled"} or "static" in folder.parts:
                continue
            if not any(folder.glob("*.py")):
                continue
            init = folder / "__init__.py"
            if not init.exists() or not init.read_text(encoding="utf-8").lstrip().startswith('"""'):
                missing.append(str(folder.relative_to(REPO)))
    assert not missing, f"give these an __init__.py with a docstring: {missing}"
