"""The reference gazetteer: actors that migration news names, shipped as data in `schema/reference/`.

One YAML file per country (`pe.yaml`, its `country: PE`) and `international.yaml`
(no country) list `entries`, each an Institution, CoordinationBody or Program
with its official Spanish name, English name, acronyms and aliases, and the
identifiers other datasets join on (Wikidata, IATI). The press-release
extractor recognises them without a document defining them first; they are
not written to the graph until a document names them.

Each entry becomes a `Node` whose properties are all the ontology allows for
its label: the first acronym is `acronym`, the others join `aliases`; an
Institution or CoordinationBody gets the file's `country`, a Program the
`countries` list. Every problem is reported with its file and line, all at
once, and nothing is returned unless there are none.

>>> nodes = load_reference()
>>> [n.properties["acronym"] for n in nodes if n.id == "int-ilo"]
['OIT']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

from graph_api.model.ontology import Ontology, PropertySpec, load_ontology
from graph_api.model.records import Node
from graph_api.model.resources import schema_dir
from loaders.errors import DataFileError, Problem, quoted
from loaders.yaml_source import LineMapping, read_yaml

__all__ = ["INTERNATIONAL", "LABELS", "load_reference", "reference_dir"]

INTERNATIONAL = "international"  # the file stem of the international bodies
LABELS = ("Institution", "CoordinationBody", "Program")

_TOP_KEYS = frozenset({"country", "entries"})
_ENTRY_KEYS = frozenset(
    {"id", "label", "kind", "name", "name_en", "acronyms", "aliases", "level", "wikidata", "iati", "description"}
)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_QID = re.compile(r"^Q[1-9][0-9]*$")
# An org-id.guide identifier: a registration agency's prefix (country or X-code, then the list) and the
# identifier it gives, e.g. XM-DAC-41302, XI-IATI-EC_ECHO, GB-CHC-202918.
_IATI = re.compile(r"^[A-Z]{2}-[A-Z0-9]+-[A-Za-z0-9][A-Za-z0-9_./-]*$")
_KEY_IN_FILE = {"iati_id": "iati", "acronym": "acronyms"}  # a property's key in the files, where it differs


def reference_dir() -> Path:
    """The folder of the reference files (inside the wheel, or the checkout's `schema/reference/`)."""
    return schema_dir() / "reference"


def load_reference(folder: Path | None = None) -> tuple[Node, ...]:
    """The entries of every `*.yaml` file in `folder` (default: `reference_dir()`, read once), files in name order.

    Raises DataFileError listing every problem found, with its file and line.
    """
    if folder is None:
        return _bundled()
    return _load(folder, load_ontology())


@cache
def _bundled() -> tuple[Node, ...]:
    return _load(reference_dir(), load_ontology())


def _load(folder: Path, ontology: Ontology) -> tuple[Node, ...]:
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise DataFileError([Problem(folder, 0, "no reference files (*.yaml) in this folder")])
    problems: list[Problem] = []
    nodes: list[Node] = []
    seen: dict[str, tuple[Path, int]] = {}
    for path in files:
        try:
            raw = read_yaml(path)
        except DataFileError as err:
            problems.extend(err.problems)
            continue
        country, entries = _file(path, raw, problems)
        for entry in entries:
            node = _node(path, entry, country, ontology, problems)
            if node is None:
                continue
            if node.id in seen:
                first_path, first_line = seen[node.id]
                problems.append(
                    Problem(path, entry.line, f"duplicate id {quoted(node.id)} (first at {first_path}:{first_line})")
                )
                continue
            seen[node.id] = (path, entry.line)
            nodes.append(node)
    if problems:
        raise DataFileError(problems)
    return tuple(nodes)


def _file(path: Path, raw: Any, problems: list[Problem]) -> tuple[str | None, list[LineMapping]]:
    """The file's country (None for the international file) and its entries; problems of the file as a whole."""
    if not isinstance(raw, LineMapping):
        problems.append(Problem(path, 1, "a reference file is a mapping with 'entries' (and 'country')"))
        return None, []
    for key in sorted(raw.keys() - _TOP_KEYS, key=str):
        problems.append(Problem(path, raw.line, f"unknown top-level key {quoted(key)} (allowed: country, entries)"))
    country = raw.get("country")
    if path.stem == INTERNATIONAL:
        if country is not None:
            problems.append(Problem(path, raw.line, f"{path.name} lists international bodies: it has no 'country'"))
        country = None
    elif not isinstance(country, str) or not _is_country(country):
        problems.append(
            Problem(path, raw.line, f"country {quoted(country)} is not an ISO 3166-1 alpha-2 code in capitals")
        )
        country = None
    elif path.name != f"{country.lower()}.yaml":
        problems.append(
            Problem(path, raw.line, f"a file of country {country} is named {country.lower()}.yaml, not {path.name}")
        )
        country = None
    entries = raw.get("entries")
    if not isinstance(entries, list) or not entries:
        problems.append(Problem(path, raw.line, "'entries' must be a non-empty list"))
        return country, []
    good: list[LineMapping] = []
    for entry in entries:
        if isinstance(entry, LineMapping):
            good.append(entry)
        else:
            problems.append(Problem(path, raw.line, f"an entry is not a mapping: {quoted(entry)}"))
    return country, good


def _is_country(code: str) -> bool:
    return len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None


def _node(
    path: Path, entry: LineMapping, country: str | None, ontology: Ontology, problems: list[Problem]
) -> Node | None:
    """The entry as a node, or None (its problems appended)."""
    before = len(problems)

    def problem(message: str) -> None:
        problems.append(Problem(path, entry.line, message))

    for key in sorted(entry.keys() - _ENTRY_KEYS, key=str):
        problem(f"unknown key {quoted(key)} (allowed: {', '.join(sorted(_ENTRY_KEYS))})")
    node_id, label = entry.get("id"), entry.get("label")
    if not isinstance(node_id, str) or not _ID.match(node_id):
        problem(f"id {quoted(node_id)} must be a slug of lower-case letters, digits and hyphens")
    elif country is not None and not node_id.startswith(f"{country.lower()}-"):
        problem(f"id {quoted(node_id)} of a {path.name} entry must start with '{country.lower()}-'")
    if label not in LABELS:
        problem(f"unknown label {quoted(label)} (allowed: {', '.join(LABELS)})")
        return None
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        problem("missing name: the official name in Spanish")
    specs = ontology.labels[label].properties
    article = "an" if label[0] in "AEIOU" else "a"
    for key in ("kind", "level"):
        if key in entry and key not in specs:
            problem(f"{article} {label} has no {key!r}")
    wikidata, iati = entry.get("wikidata"), entry.get("iati")
    if wikidata is not None and not (isinstance(wikidata, str) and _QID.match(wikidata)):
        problem(f"wikidata {quoted(wikidata)} is not a Wikidata item id (Q followed by digits)")
    if iati is not None and not (isinstance(iati, str) and _IATI.match(iati)):
        problem(f"iati {quoted(iati)} is not an IATI organisation identifier such as XM-DAC-41302")
    acronyms = _names(entry, "acronyms", problem)
    aliases = _names(entry, "aliases", problem)
    if len(problems) > before:
        return None
    assert isinstance(node_id, str)  # checked above
    raw: dict[str, Any] = {
        "id": node_id,
        "name": name,
        "name_en": entry.get("name_en"),
        "acronym": acronyms[0] if acronyms else None,
        "aliases": list(dict.fromkeys([*aliases, *acronyms[1:]])) or None,
        "kind": entry.get("kind"),
        "level": entry.get("level"),
        "description": entry.get("description"),
        "wikidata": wikidata,
        "iati_id": iati,
    }
    if country is not None and "country" in specs:
        raw["country"] = country
    elif country is not None:  # a Program
        raw["countries"] = [country]
    properties = _checked(raw, specs, label, ontology, problem)
    for spec in specs.values():
        if spec.required and raw.get(spec.name) is None and spec.name != "name":  # a missing name is said above
            where = f" (a term of schema/vocabularies/{spec.vocabulary}.yaml)" if spec.vocabulary else ""
            problem(f"{article} {label} needs {_KEY_IN_FILE.get(spec.name, spec.name)!r}{where}")
    if len(problems) > before:
        return None
    return Node(node_id, label, properties)


def _names(entry: Mapping[str, Any], key: str, problem: Callable[[str], None]) -> list[str]:
    values = entry.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        problem(f"{key!r} must be a list of names")
        return []
    return [v.strip() for v in values]


def _checked(
    raw: Mapping[str, Any],
    specs: Mapping[str, PropertySpec],
    label: str,
    ontology: Ontology,
    problem: Callable[[str], None],
) -> dict[str, Any]:
    """`raw`'s values, without the absent ones, as the ontology stores them (each checked against its spec)."""
    properties: dict[str, Any] = {}
    for key, value in raw.items():
        if value is None:
            continue
        spec = specs.get(key)
        if spec is None:  # the mapping above only fills properties of the label
            raise AssertionError(f"{label} has no property {key!r}")
        try:
            properties[key] = spec.coerce(value, ontology)
        except ValueError as err:
            problem(f"{_KEY_IN_FILE.get(key, key)}: {err}")
    return properties
