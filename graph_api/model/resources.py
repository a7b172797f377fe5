"""Where the bundled `schema/` and `data/` folders are.

In a wheel they travel inside the package as `graph_api/_bundled/`; in a source
checkout (or an editable install) they sit at the repository's top level.
"""

from pathlib import Path

__all__ = ["bundled_data_dir", "schema_dir"]

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # graph_api/


def _find(name: str) -> Path:
    for candidate in (_PACKAGE_DIR / "_bundled" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled '{name}/' folder is missing; reinstall migragraph")


def schema_dir() -> Path:
    """The folder holding `ontology.yaml` and `vocabularies/`."""
    return _find("schema")


def bundled_data_dir() -> Path:
    """The folder holding the bundled data packages."""
    return _find("data")
