"""The figures of an evaluation: scores, each document's result, and the report printed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["DocumentResult", "Evaluation", "Relationship", "Score", "show_relationship"]

Relationship = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Score:
    """Counts of matches; precision and recall are 1.0 when there is nothing to find or nothing found."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
        )

    def __str__(self) -> str:
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        return f"precision {self.precision:.3f} ({tp}/{tp + fp})   recall {self.recall:.3f} ({tp}/{tp + fn})"

    def cells(self) -> tuple[str, str]:
        """Precision and recall for a table: "0.83 (5/6)"."""
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        return f"{self.precision:.2f} ({tp}/{tp + fp})", f"{self.recall:.2f} ({tp}/{tp + fn})"


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """How one document's extraction compares with its annotation."""

    name: str
    actors: Score
    relationships: Score
    missing_actors: tuple[str, ...] = ()
    unexpected_actors: tuple[str, ...] = ()
    missing_relationships: tuple[Relationship, ...] = ()
    unexpected_relationships: tuple[Relationship, ...] = ()
    refused: str | None = None  # the error, when the document was refused as its annotation expects
    error: str | None = None  # what went wrong, when the document did not behave as annotated
    country: str | None = None  # the country the document is about, as the matching took it
    path: Path | None = None  # the document read
    # Known actors of another country than the document's that no name the text gives them says so: merges of a
    # mention into another country's namesake (the worst error the extractor can make).
    cross_country: tuple[str, ...] = ()

    @property
    def errors(self) -> list[str]:
        lines = [f"error: {self.error}"] if self.error else []
        lines += [f"missing actor: {a}" for a in self.missing_actors]
        lines += [f"unexpected actor: {a}" for a in self.unexpected_actors]
        lines += [f"missing relationship: {show_relationship(r)}" for r in self.missing_relationships]
        lines += [f"unexpected relationship: {show_relationship(r)}" for r in self.unexpected_relationships]
        lines += [f"cross-country merge: {ref}" for ref in self.cross_country]
        return lines


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Every document's result and the micro-averaged scores."""

    documents: tuple[DocumentResult, ...]

    @property
    def actors(self) -> Score:
        return sum((d.actors for d in self.documents), Score())

    @property
    def relationships(self) -> Score:
        return sum((d.relationships for d in self.documents), Score())

    @property
    def failed(self) -> bool:
        return any(d.error and not d.refused for d in self.documents)

    def table(self) -> str:
        """Each document's figures, and all documents', as a markdown table."""
        lines = [
            "| document | country | actors P | actors R | relationships P | relationships R |",
            "|---|---|---|---|---|---|",
        ]
        rows = [(d.name.replace("|", "\\|"), d.country or "—", d.actors, d.relationships) for d in self.documents]
        for name, country, actors, relationships in [*rows, ("all", "", self.actors, self.relationships)]:
            lines.append(f"| {name} | {country} | {' | '.join([*actors.cells(), *relationships.cells()])} |")
        return "\n".join(lines)

    def report(self) -> str:
        refused = sum(1 for d in self.documents if d.refused)
        lines = [
            f"documents: {len(self.documents)} ({refused} refused as annotated)",
            f"actors         {self.actors}",
            f"relationships  {self.relationships}",
            f"cross-country merges: {sum(len(d.cross_country) for d in self.documents)}",
            "",
            self.table(),
            "",
        ]
        flawed = [d for d in self.documents if d.errors]
        lines.append("errors by document:" if flawed else "no errors")
        for document in flawed:
            lines.append(f"  {document.name}")
            lines.extend(f"    {line}" for line in document.errors)
        return "\n".join(lines)


def show_relationship(relationship: Relationship) -> str:
    kind, start, end = relationship
    return f"{start} -{kind}-> {end}"
