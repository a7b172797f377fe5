"""The graph's ontology, read from `schema/ontology.yaml` and `schema/vocabularies/`.

Nothing else in the code names labels, properties or relationship types: the
loaders validate against an `Ontology`, the stores derive indexes from it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from graph_api.model.errors import OntologyError
from graph_api.model.resources import schema_dir

__all__ = [
    "LabelSpec",
    "Ontology",
    "PropertySpec",
    "RelationshipSpec",
    "Term",
    "Vocabulary",
    "load_ontology",
]

PROPERTY_TYPES = frozenset({"string", "text", "integer", "number", "boolean", "date", "list[string]", "list[date]"})
# ISO 8601 calendar dates at year, month or day precision, or "--MM-DD" when
# the year is unknown.
_PARTIAL_DATE = re.compile(
    r"^(?:\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?|--(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))$"
)


@dataclass(frozen=True, slots=True)
class PropertySpec:
    """One property a node or relationship may carry."""

    name: str
    type: str
    required: bool = False
    searchable: bool = False
    vocabulary: str | None = None
    enum: tuple[str, ...] = ()
    references: str | None = None
    description: str = ""

    def coerce(self, value: Any, ontology: Ontology) -> Any:
        """Return `value` in its stored form, or raise ValueError saying what is wrong."""
        if self.type.startswith("list["):
            if not isinstance(value, list):
                raise ValueError(f"expected a list, got {type(value).__name__}")
            item = PropertySpec(self.name, self.type[5:-1])
            return [item.coerce(v, ontology) for v in value]
        coerced = _coerce_scalar(self.type, value)
        if self.enum and coerced not in self.enum:
            raise ValueError(f"{coerced!r} is not one of {', '.join(self.enum)}")
        if self.vocabulary is not None:
            allowed = ontology.vocabularies[self.vocabulary].term_ids
            if coerced not in allowed:
                raise ValueError(
                    f"{coerced!r} is not a term of the {self.vocabulary} vocabulary "
                    f"(allowed: {', '.join(sorted(allowed))})"
                )
        return coerced


def _coerce_scalar(type_name: str, value: Any) -> Any:
    if type_name in {"string", "text"}:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"expected a non-empty string, got {value!r}")
        return value.strip()
    if type_name == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected an integer, got {value!r}")
        return value
    if type_name == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"expected a number, got {value!r}")
        return value
    if type_name == "boolean":
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {value!r}")
        return value
    if type_name == "date":
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, int) and 1000 <= value <= 9999:
            return str(value)
        if isinstance(value, str) and _PARTIAL_DATE.match(value) and _on_the_calendar(value):
            return value
        raise ValueError(
            f"expected an ISO 8601 date of the calendar (YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD), got {value!r}"
        )
    raise ValueError(f"unknown property type {type_name!r}")


def _on_the_calendar(value: str) -> bool:
    """Whether a partial ISO date names a real day or month ("2015-02-29" and "--04-31" do not)."""
    try:
        if value.startswith("--"):
            dt.date(2000, int(value[2:4]), int(value[5:7]))  # a leap year: "--02-29" is a day
        else:
            dt.date.fromisoformat((value + "-01-01")[:10] if len(value) < 10 else value)
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class LabelSpec:
    """A node label and the properties its nodes may carry."""

    name: str
    description: str
    properties: Mapping[str, PropertySpec]
    vocabulary: str | None = None
    actor: bool = False


@dataclass(frozen=True, slots=True)
class RelationshipSpec:
    """A relationship type, its allowed endpoints and properties."""

    name: str
    description: str
    from_labels: frozenset[str]
    to_labels: frozenset[str]
    properties: Mapping[str, PropertySpec]
    network: bool = True


@dataclass(frozen=True, slots=True)
class Term:
    """A term of a controlled vocabulary, with Spanish and English labels."""

    id: str
    es: str
    en: str
    parent: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """A controlled vocabulary and the document it follows."""

    name: str
    description: str
    source: Mapping[str, Any]
    terms: tuple[Term, ...]

    @property
    def term_ids(self) -> frozenset[str]:
        return frozenset(t.id for t in self.terms)


@dataclass(frozen=True, slots=True)
class Ontology:
    """Labels, relationship types and vocabularies of the graph."""

    labels: Mapping[str, LabelSpec]
    relationships: Mapping[str, RelationshipSpec]
    vocabularies: Mapping[str, Vocabulary]

    def actor_labels(self) -> tuple[str, ...]:
        """The labels of actors, in ontology order."""
        return tuple(name for name, spec in self.labels.items() if spec.actor)

    def network_types(self) -> tuple[str, ...]:
        """The relationship types that tie nodes together (not provenance or vocabulary structure)."""
        return tuple(name for name, spec in self.relationships.items() if spec.network)

    def searchable_properties(self) -> tuple[str, ...]:
        """Names of the properties that name lookup and search match, in a stable order."""
        names = {p.name for spec in self.labels.values() for p in spec.properties.values() if p.searchable}
        return tuple(sorted(names))


def _property_specs(raw: Mapping[str, Any], where: str) -> dict[str, PropertySpec]:
    specs: dict[str, PropertySpec] = {}
    for name, body in (raw or {}).items():
        if not isinstance(body, Mapping) or body.get("type") not in PROPERTY_TYPES:
            raise OntologyError(f"{where}: property {name!r} needs a type among {sorted(PROPERTY_TYPES)}")
        specs[name] = PropertySpec(
            name=name,
            type=body["type"],
            required=bool(body.get("required", False)),
            searchable=bool(body.get("searchable", False)),
            vocabulary=body.get("vocabulary"),
            enum=tuple(body.get("enum", ())),
            references=body.get("references"),
            description=str(body.get("description", "")),
        )
    return specs


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as err:
        raise OntologyError(f"{path}: {err}") from err


def _read_vocabulary(path: Path) -> Vocabulary:
    raw = _read_yaml(path)
    terms = []
    for item in raw.get("terms", ()):
        known = {"id", "es", "en", "parent"}
        terms.append(
            Term(
                id=str(item["id"]),
                es=str(item["es"]),
                en=str(item["en"]),
                parent=item.get("parent"),
                extra={k: v for k, v in item.items() if k not in known},
            )
        )
    ids = [t.id for t in terms]
    if len(ids) != len(set(ids)):
        raise OntologyError(f"{path}: duplicate term ids")
    for term in terms:
        if term.parent is not None and term.parent not in ids:
            raise OntologyError(f"{path}: term {term.id!r} has unknown parent {term.parent!r}")
    return Vocabulary(
        name=str(raw["name"]),
        description=str(raw.get("description", "")).strip(),
        source=dict(raw.get("source") or {}),
        terms=tuple(terms),
    )


@cache
def load_ontology(directory: Path | None = None) -> Ontology:
    """Read the ontology and its vocabularies from `directory` (default: the bundled schema/)."""
    base = directory or schema_dir()
    raw = _read_yaml(base / "ontology.yaml")
    vocabularies = {v.name: v for v in (_read_vocabulary(p) for p in sorted((base / "vocabularies").glob("*.yaml")))}
    common_nodes = _property_specs(raw.get("node_properties", {}), "node_properties")
    common_rels = _property_specs(raw.get("relationship_properties", {}), "relationship_properties")
    labels = {}
    for name, body in raw["labels"].items():
        own = _property_specs(body.get("properties", {}), f"labels.{name}")
        labels[name] = LabelSpec(
            name=name,
            description=str(body.get("description", "")),
            properties={**common_nodes, **own},
            vocabulary=body.get("vocabulary"),
            actor=bool(body.get("actor", False)),
        )
    relationships = {}
    for name, body in raw["relationships"].items():
        own = _property_specs(body.get("properties", {}), f"relationships.{name}")
        relationships[name] = RelationshipSpec(
            name=name,
            description=str(body.get("description", "")),
            from_labels=frozenset(body["from"]),
            to_labels=frozenset(body["to"]),
            properties={**common_rels, **own},
            network=bool(body.get("network", True)),
        )
    ontology = Ontology(labels=labels, relationships=relationships, vocabularies=vocabularies)
    _check_references(ontology)
    return ontology


def _check_references(ontology: Ontology) -> None:
    for rel in ontology.relationships.values():
        unknown = (rel.from_labels | rel.to_labels) - ontology.labels.keys()
        if unknown:
            raise OntologyError(f"relationship {rel.name} names unknown labels {sorted(unknown)}")
        for spec in rel.properties.values():
            if spec.references is not None and spec.references not in ontology.labels:
                raise OntologyError(f"{rel.name}.{spec.name} references unknown label {spec.references!r}")
    for label in ontology.labels.values():
        vocabularies = [label.vocabulary, *(p.vocabulary for p in label.properties.values())]
        for name in vocabularies:
            if name is not None and name not in ontology.vocabularies:
                raise OntologyError(f"label {label.name} names unknown vocabulary {name!r}")
        if label.vocabulary is not None:
            for term in ontology.vocabularies[label.vocabulary].terms:
                extra = term.extra.keys() - label.properties.keys()
                if extra:
                    raise OntologyError(
                        f"vocabulary {label.vocabulary}: term {term.id!r} has fields {sorted(extra)} "
                        f"that {label.name} does not have"
                    )
