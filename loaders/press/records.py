"""What the extractor hands on: actors, facts and their evidence; the labels and confidences it uses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from loaders.press.documents import SourceDocument

CANDIDATE_THRESHOLD = 0.6


INSTITUTION = "Institution"


PROGRAM = "Program"


BODY = "CoordinationBody"


MEETING = "Meeting"


POPULATION = "Population"


THEME = "PolicyTheme"


ACTOR_LABELS = frozenset({INSTITUTION, PROGRAM, BODY})


KNOWN_LABELS = ACTOR_LABELS | {MEETING, POPULATION}


# How sure a pattern is: both ends named in the sentence, or one end taken from context.
STATED = 0.9


STATED_WEAKLY = 0.8


FROM_CONTEXT = 0.75


THEME_STATED = 0.8


THEME_FROM_CONTEXT = 0.7


SERVES_BY_PROXIMITY = 0.55


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where the document states something: a sentence and its offsets, `doc.text[start:end] == sentence`."""

    start: int
    end: int
    sentence: str


@dataclass(frozen=True, slots=True)
class ExtractedActor:
    """A node the document names: a known one (`known_id`) or a new one to review (`candidate`).

    `ref` is what facts point at: the known id (a vocabulary term id for a
    PolicyTheme), or "candidate:…", "meeting:…", "population:…" for new nodes.
    `properties` are the ontology's (kind, country, acronym, aliases, date,
    date_precision, year_known, size, size_approximate), plus `year_inferred:
    True` on a Meeting whose year was taken from the publication date, which
    the writer should turn into a note. `evidence` lists the sentences that
    name it or state a fact about it.
    """

    ref: str
    label: str
    name: str
    known_id: str | None
    candidate: bool
    evidence: tuple[Evidence, ...]
    properties: Mapping[str, Any]
    written: tuple[str, ...] = ()  # the full names the text gives it, as written (first first)
    reference: bool = False  # resolved to the reference gazetteer, not to an actor of the graph

    @property
    def proposed_id(self) -> str:
        """The id to write it under: the known id, or a proposed slug."""
        return self.known_id or self.ref.split(":", 1)[1]


@dataclass(frozen=True, slots=True)
class ExtractedFact:
    """A relationship the document states, from `start_ref` to `end_ref` (refs of `Extraction.actors`)."""

    type: str
    start_ref: str
    end_ref: str
    properties: Mapping[str, Any]
    confidence: float
    candidate: bool
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Extraction:
    """What one document says: its actors and facts, in the order the text first gives them."""

    document: SourceDocument
    actors: tuple[ExtractedActor, ...]
    facts: tuple[ExtractedFact, ...]
    country: str | None = None  # ISO 3166-1 alpha-2 code of the country the document is about, when clear

    def actor(self, ref: str) -> ExtractedActor | None:
        return next((a for a in self.actors if a.ref == ref), None)
