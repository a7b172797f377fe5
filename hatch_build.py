"""The wheel's build hook: the browser libraries the pages load go into the wheel, copied from node_modules/.

They come from the npm registry (package.json pins them, `npm ci` installs them); graph_api/http/vendor.py
names them and finds them at run time. With them in `graph_api/_bundled/vendor/`, an installed wheel serves
the explorer and GraphiQL with neither Node.js nor a network. An editable install serves node_modules/ itself
and needs no copy (and is made before `npm ci` in scripts/test.sh).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from hatchling.builders.config import BuilderConfig
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

VENDOR_MODULE = Path("graph_api") / "http" / "vendor.py"
WHEEL_DIR = "graph_api/_bundled/vendor"


def _vendor(root: Path) -> ModuleType:
    # By its path: the build environment has hatchling, not migragraph's dependencies, so the package itself
    # (whose modules import Starlette) is not imported.
    spec = importlib.util.spec_from_file_location("_migragraph_vendor", root / VENDOR_MODULE)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load {VENDOR_MODULE}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class VendorBuildHook(BuildHookInterface[BuilderConfig]):
    """Adds the files vendor.SERVED and vendor.LICENSES name, from node_modules/, to a (non-editable) wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        vendor = _vendor(root)
        node_modules = root / "node_modules"
        names: tuple[str, ...] = (*vendor.SERVED, *vendor.LICENSES)
        missing = [name for name in names if not (node_modules / name).is_file()]
        if missing:
            raise RuntimeError(
                f"migragraph's wheel carries the browser libraries its pages load, from {node_modules}, which lacks "
                f"{', '.join(missing)}. Run `npm ci --omit=dev` in {root} (it needs Node.js 20 and npm), then "
                "build the wheel again."
            )
        for name in names:
            build_data["force_include"][str(node_modules / name)] = f"{WHEEL_DIR}/{name}"
