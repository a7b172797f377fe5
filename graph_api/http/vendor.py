"""The browser libraries the pages load, from the npm registry (pinned in package.json): the explorer's
Cytoscape.js; React, GraphiQL and GraphiQL's explorer plugin for the GraphiQL page.

A wheel carries them in `graph_api/_bundled/vendor/`, copied from node_modules/ when it is built
(hatch_build.py), so that an installed migragraph needs neither Node.js nor a network to serve its pages. A
source checkout, or an editable install, serves them from node_modules/ after `npm ci`. They are looked for in
that order: a wheel's copy is the version it was built and tested with.

Only the standard library is imported here: hatch_build.py loads this file by its path, in a build environment
that has neither Starlette nor migragraph, to learn which files to copy.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "BUNDLED_DIR",
    "CYTOSCAPE",
    "EXPLORER_PLUGIN_CSS",
    "EXPLORER_PLUGIN_JS",
    "GRAPHIQL_CSS",
    "GRAPHIQL_JS",
    "LICENSES",
    "REACT",
    "REACT_DOM",
    "SERVED",
    "find_node_modules",
    "vendor_file",
]

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
BUNDLED_DIR = _PACKAGE_DIR / "_bundled" / "vendor"

# Paths inside node_modules/, and the same inside BUNDLED_DIR.
CYTOSCAPE = "cytoscape/dist/cytoscape.min.js"
REACT = "react/umd/react.production.min.js"
REACT_DOM = "react-dom/umd/react-dom.production.min.js"
GRAPHIQL_JS = "graphiql/graphiql.min.js"
GRAPHIQL_CSS = "graphiql/graphiql.min.css"
EXPLORER_PLUGIN_JS = "@graphiql/plugin-explorer/dist/index.umd.js"
EXPLORER_PLUGIN_CSS = "@graphiql/plugin-explorer/dist/style.css"

SERVED = (CYTOSCAPE, REACT, REACT_DOM, GRAPHIQL_JS, GRAPHIQL_CSS, EXPLORER_PLUGIN_JS, EXPLORER_PLUGIN_CSS)
"""Every file a page loads."""

LICENSES = (
    "cytoscape/LICENSE",
    "react/LICENSE",
    "react-dom/LICENSE",
    "graphiql/LICENSE",
    # The plugin ships no LICENSE file: its package.json declares MIT. Its bundle includes graphiql-explorer,
    # which npm nests under it (its peer dependencies want an older React than ours).
    "@graphiql/plugin-explorer/package.json",
    "@graphiql/plugin-explorer/node_modules/graphiql-explorer/LICENSE",
)
"""The licences of the served files, which a wheel carries beside them."""


def find_node_modules(
    start: Path = _PACKAGE_DIR, configured: str | None = None, *, holding: str = CYTOSCAPE
) -> Path | None:
    """The node_modules folder holding the file `holding` (a path inside it), or None.

    `configured` (the setting MIGRAGRAPH_NODE_MODULES), when given, is the only place looked at; otherwise the
    first `node_modules` with that file in `start` or a folder above it (a source checkout, or a virtualenv inside
    one), then in the working directory.
    """
    if configured:
        folder = Path(configured).expanduser()
        return folder if (folder / holding).is_file() else None
    for base in (start, *start.parents, Path.cwd()):
        folder = base / "node_modules"
        if (folder / holding).is_file():
            return folder
    return None


def vendor_file(name: str, node_modules: str | None = None) -> Path | None:
    """The file `name` (one of SERVED): the wheel's copy, else the one in node_modules (see find_node_modules;
    `node_modules` is the setting), else None."""
    bundled = BUNDLED_DIR / name
    if bundled.is_file():
        return bundled
    folder = find_node_modules(configured=node_modules, holding=name)
    return None if folder is None else folder / name
