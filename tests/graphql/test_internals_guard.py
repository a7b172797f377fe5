"""No module of graph_api but graph_api/graphql/internals.py leans on Strawberry's or graphql-core's internals."""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
INTERNALS = REPO / "graph_api" / "graphql" / "internals.py"


LIBRARIES = {"strawberry", "graphql", "cross_web"}


def _is_exported(module_name: str, name: str) -> bool:
    """Whether `module_name` offers `name` publicly: listed in its `__all__`, or, for a package without one,
    a name of its own that does not start with an underscore (a plain module without `__all__` offers none)."""
    if name.startswith("_"):
        return False
    module = importlib.import_module(module_name)
    exported = getattr(module, "__all__", None)
    if exported is not None:
        return name in exported
    return hasattr(module, "__path__")


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted((REPO / "graph_api").rglob("*.py")):
        if path != INTERNALS:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_no_module_but_internals_imports_private_names() -> None:
    found = [
        f"{path.relative_to(REPO)}:{node.lineno}: {node.module}.{alias.name}"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in LIBRARIES
        for alias in node.names
        if not _is_exported(node.module, alias.name)
    ]
    assert not found, "unexported names of Strawberry or graphql-core belong in graph_api/graphql/internals.py: " + (
        "; ".join(found)
    )


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _reaches_private(node: ast.AST) -> bool:
    """An attribute `x._name` of something other than self or cls, a `_name=` keyword, or getattr(x, "_name")."""
    if isinstance(node, ast.Attribute) and _private(node.attr):
        owner = node.value
        if isinstance(owner, ast.Name) and owner.id in {"self", "cls"}:
            return False
        return not (isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "super")
    if isinstance(node, ast.Call):
        if any(keyword.arg is not None and _private(keyword.arg) for keyword in node.keywords):
            return True
        if isinstance(node.func, ast.Name) and node.func.id in {"getattr", "setattr", "hasattr"}:
            return any(
                isinstance(a, ast.Constant) and isinstance(a.value, str) and _private(a.value) for a in node.args
            )
    return False


def test_no_module_of_the_api_but_internals_reaches_for_private_attributes() -> None:
    layers = (REPO / "graph_api" / "graphql", REPO / "graph_api" / "http")
    found = [
        f"{path.relative_to(REPO)}:{getattr(node, 'lineno', '?')}"
        for path, tree in _modules()
        if path.is_relative_to(layers[0]) or path.is_relative_to(layers[1])
        for node in ast.walk(tree)
        if _reaches_private(node)
    ]
    assert not found, "private attributes of Strawberry or graphql-core belong in graph_api/graphql/internals.py: " + (
        ", ".join(found)
    )
