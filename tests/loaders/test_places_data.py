"""The bundled provinces are INEI's: data/places-peru-provinces.yaml is what scripts/places_peru_provinces.py
writes from the ubigeo table, and every province lies in a region the gazetteer has, under its p-code."""

from __future__ import annotations

import importlib.util

import yaml

from tests.conftest import REPO

SCRIPT = REPO / "scripts" / "places_peru_provinces.py"
DATA = REPO / "data" / "places-peru-provinces.yaml"


def test_the_provinces_file_is_the_scripts_output() -> None:
    spec = importlib.util.spec_from_file_location("places_peru_provinces", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert DATA.read_text(encoding="utf-8") == module.provinces_yaml(), f"run: python {SCRIPT.name} > {DATA}"


def test_every_province_lies_in_a_region_under_its_p_code() -> None:
    provinces = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    regions = {
        n["id"]: n
        for n in yaml.safe_load((REPO / "data" / "places-peru.yaml").read_text(encoding="utf-8"))["nodes"]
        if n["label"] == "Place"
    }
    places = [n for n in provinces["nodes"] if n["label"] == "Place"]
    assert len(places) == 196
    assert len({n["pcode"] for n in places}) == 196
    parent = {r["from"]: r["to"] for r in provinces["relationships"]}
    for node in places:
        region = regions[parent[node["id"]]]
        # Metropolitan Lima has no p-code of its own: OCHA's PE15 is the Lima region's.
        assert node["pcode"].startswith(region.get("pcode", "PE15")), node["id"]
