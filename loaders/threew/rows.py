"""A 3W sheet's columns mapped to fields by hashtag, and each row's cells checked: its need and its period."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from graph_api.model.temporal import Period
from loaders.threew.cells import DateOrder, parse_date
from loaders.threew.hxl_table import Column
from loaders.threew.needs import Needs
from loaders.threew.records import SheetProblem

__all__ = ["DATES", "FIELDS", "REQUIRED", "Row", "read_need", "read_period"]

_COUNT_ATTRIBUTES = frozenset({"total", "ind"})
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class _Pattern:
    tag: str
    include: frozenset[str] = frozenset()
    exclude: frozenset[str] = frozenset()
    only: frozenset[str] | None = None

    def select(self, columns: Sequence[Column]) -> tuple[Column, ...]:
        return tuple(
            c
            for c in columns
            if c.tag == self.tag
            and self.include <= c.attributes
            and not self.exclude & c.attributes
            and (self.only is None or c.attributes <= self.only)
        )


# Attributes that make an #org column something other than the reporting organisation's name.
_NOT_A_NAME = frozenset({"acronym", "code", "id", "type", "funder", "donor", "impl", "partner"})
_PARTNER = frozenset({"impl", "partner"})

FIELDS = {
    "org": _Pattern("#org", exclude=_NOT_A_NAME),
    "org_id": _Pattern("#org", include=frozenset({"id"}), exclude=_PARTNER),
    "acronym": _Pattern("#org", include=frozenset({"acronym"}), exclude=_PARTNER),
    "impl": _Pattern("#org", include=frozenset({"impl"}), exclude=_NOT_A_NAME - _PARTNER),
    "impl_acronym": _Pattern("#org", include=frozenset({"impl", "acronym"})),
    "sector": _Pattern("#sector"),
    "subsector": _Pattern("#subsector"),
    "adm1": _Pattern("#adm1"),
    "adm2": _Pattern("#adm2"),
    "country": _Pattern("#country"),
    "activity": _Pattern("#activity"),
    "start": _Pattern("#date", include=frozenset({"start"})),
    "end": _Pattern("#date", include=frozenset({"end"})),
    "date": _Pattern("#date", exclude=frozenset({"start", "end", "reported"})),
    "population": _Pattern("#population", only=_COUNT_ATTRIBUTES),
    "reached": _Pattern("#reached", only=_COUNT_ATTRIBUTES),
    "targeted": _Pattern("#targeted", only=_COUNT_ATTRIBUTES),
    "beneficiary": _Pattern("#beneficiary"),
    "status": _Pattern("#status"),
}
DATES = ("start", "end", "date")
REQUIRED = ("org", "sector")


@dataclass(slots=True)
class Row:
    """A sheet row being read; its problems go to the sheet's list."""

    path: Path
    number: int
    cells: list[str]
    columns: Mapping[str, tuple[Column, ...]]
    problems: list[SheetProblem]

    def problem(self, column: Column, message: str) -> None:
        self.problems.append(SheetProblem(self.path, self.number, column.display, column.header or None, message))

    def filled(self, key: str) -> list[tuple[Column, str]]:
        cells = ((c, self.cells[c.index] if c.index < len(self.cells) else "") for c in self.columns[key])
        return [(c, text) for c, text in cells if text]

    def text(self, key: str) -> str | None:
        filled = self.filled(key)
        return filled[0][1] if filled else None

    def value(self, key: str, parse: Callable[[str], _T], *, agree: bool = False) -> _T | None:
        """`parse` of the first filled cell of field `key`, or None; every filled cell must parse (and agree)."""
        values: list[tuple[Column, str, _T]] = []
        for column, text in self.filled(key):
            try:
                values.append((column, text, parse(text)))
            except ValueError as err:
                self.problem(column, str(err))
        if agree:
            for column, text, value in values[1:]:
                if value != values[0][2]:
                    self.problem(column, f"{text!r} disagrees with {values[0][0].display} {values[0][1]!r}")
        return values[0][2] if values else None


def read_need(row: Row, needs: Needs) -> str | None:
    sector = row.value("sector", lambda t: needs.lookup(t, "sector", needs.terms), agree=True)
    subsector = row.filled("subsector")
    if sector is None or not subsector:
        if not row.filled("sector"):
            row.problem(row.columns["sector"][0], "is empty; every row needs a sector")
        return sector
    children = needs.children(sector)
    sub = row.value("subsector", lambda t: needs.lookup(t, "sub-sector", children), agree=True)
    if sub is None or sub == sector:
        return sub
    if sub not in children:
        column, text = subsector[0]
        row.problem(
            column,
            f"{text!r} is not a sub-sector of {needs.terms[sector].es} (allowed: {needs.describe(children)})",
        )
    return sub


def read_period(row: Row, order: DateOrder | None) -> tuple[str | None, str | None]:
    """The row's period, its dates of day and month read in the sheet's `order`."""

    def parse(text: str) -> str:
        return parse_date(text, order)

    start, end = row.value("start", parse), row.value("end", parse)
    if start is None and end is None:
        single = row.value("date", parse)
        return single, single
    if start is not None and end is not None and Period.parse(end).last < Period.parse(start).first:
        row.problem(row.filled("end")[0][0], f"the activity ends ({end}) before it starts ({start})")
    return start, end
