"""What a 3W sheet says, and what is wrong in one: the records `read_3w` returns and the error it raises."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph_api.model.names import NameIndex
from graph_api.model.text import normalize
from loaders.errors import LoaderError

__all__ = [
    "Candidate",
    "CoverageRow",
    "Places",
    "SheetError",
    "SheetProblem",
    "ThreeWSheet",
    "coverage_key",
    "places_index",
]


class SheetError(LoaderError):
    """A 3W sheet cannot be read or has invalid rows; nothing was imported from it."""

    def __init__(self, problems: Sequence[SheetProblem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} found; nothing was imported"
        super().__init__("\n".join([head, *(str(p) for p in self.problems)]))


@dataclass(frozen=True, slots=True)
class SheetProblem:
    """One thing wrong in a sheet: the row and column when it has them."""

    path: Path
    row: int | None
    column: str | None
    header: str | None
    message: str

    def __str__(self) -> str:
        where = str(self.path) + (f":row {self.row}" if self.row is not None else "")
        if self.column:
            where += f": column {self.column}" + (f" ({self.header})" if self.header else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """One activity: `org_id` covers `need_id` in `place_ids` over a period, from sheet row `row`.

    Dates are ISO 8601 at the sheet's precision ("2023", "2023-05" or "2023-05-14").
    """

    org_id: str
    need_id: str
    place_ids: tuple[str, ...]
    activity: str | None
    valid_from: str | None
    valid_to: str | None
    row: int
    population: int | None = None
    reached: int | None = None
    status: str | None = None
    targeted: int | None = None
    beneficiaries: str | None = None
    # The implementing partner (#org+impl), when the sheet names one that resolves.
    implementer_id: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """An organisation that no known actor matches: for a curator to add or alias, never added silently."""

    name: str
    rows: tuple[int, ...]
    acronym: str | None = None
    spellings: tuple[str, ...] = ()
    # The known names closest to it, best first: what a curator checks before creating a new actor.
    closest: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ThreeWSheet:
    """What a sheet says: its coverage (duplicates collapsed) and the organisations left unresolved.

    `checksum` is ``sha256:<hex>`` of the file's bytes; `duplicates` pairs each
    dropped row with the row it repeats.
    """

    path: Path
    checksum: str
    rows: tuple[CoverageRow, ...]
    candidates: tuple[Candidate, ...]
    duplicates: tuple[tuple[int, int], ...] = ()
    # The columns it did not read, named (`#org+funder (Donante)`), and how its dates were read.
    ignored: tuple[str, ...] = ()
    date_order: str | None = None


def coverage_key(row: CoverageRow) -> tuple[object, ...]:
    """What makes two rows the same activity reported twice: organisation, need, places, period, activity, and
    the implementing partner and the people it is for (a 5W sheet splits one activity by partner or by group).

    Counts, status and the row number do not count (the first row's are kept, and the import names the rows it
    counted once); texts are compared ignoring case, accents and punctuation.
    """
    places = tuple(sorted(row.place_ids))
    return (
        row.org_id,
        row.need_id,
        places,
        row.valid_from or "",
        row.valid_to or "",
        normalize(row.activity or ""),
        row.implementer_id or "",
        normalize(row.beneficiaries or ""),
    )


@dataclass(frozen=True, slots=True)
class Places:
    """The places a sheet may name: countries and first-level regions (#country, #adm1) and second-level
    provinces (#adm2), each a `places_index`; `parent` and `pcode` by place id, to check that a row's province
    lies in its region."""

    regions: Mapping[str, str]
    provinces: Mapping[str, str] = field(default_factory=dict)
    parent: Mapping[str, str] = field(default_factory=dict)
    pcode: Mapping[str, str] = field(default_factory=dict)

    def within(self, province: str, region: str) -> bool:
        """Whether `province` lies in `region`: by the graph, or by their p-codes (OCHA's PE15, Lima, holds the
        province PE1501, which ISO 3166-2 puts in Metropolitan Lima rather than the Lima region)."""
        if self.parent.get(province) == region:
            return True
        inner, outer = self.pcode.get(province), self.pcode.get(region)
        return bool(inner and outer and inner.startswith(outer))


def places_index(entries: Iterable[tuple[str, str | Sequence[str], Sequence[str]]]) -> dict[str, str]:
    """A lookup of places for `Places`, from (place id, codes, names) triples; the codes are an ISO code, an
    OCHA p-code or both.

    Codes are kept in upper case, names normalised; a key naming two places is a ValueError.

    >>> places_index([("pe-lim", ["PE-LIM", "PE15"], ["Lima"]), ("pe-cus", "pe-cus", ["Cusco", "Cuzco"])])
    {'PE-LIM': 'pe-lim', 'PE15': 'pe-lim', 'lima': 'pe-lim', 'PE-CUS': 'pe-cus', 'cusco': 'pe-cus', 'cuzco': 'pe-cus'}
    """
    index = NameIndex[str]()
    for place_id, codes, names in entries:
        code_list = [codes] if isinstance(codes, str) else list(codes)
        keys = [*(code.strip().upper() for code in code_list), *map(normalize, names)]
        index.add(place_id, [key for key in keys if key])
    lookup: dict[str, str] = {}
    for key, ids in index.items():
        if len(ids) > 1:
            raise ValueError(f"{key!r} names both {ids[0]!r} and {ids[1]!r}")
        lookup[key] = ids[0]
    return lookup
