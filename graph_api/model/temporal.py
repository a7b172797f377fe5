"""Validity in time: whether a relationship held on a date or in a period, given partial ISO 8601 bounds."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Period", "earliest", "holds_on", "latest"]

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True)
class Period:
    """The days an ISO 8601 date means, whole or partial: '2012' is the year, '2012-04' April, '2012-04-30' a day.

    >>> Period.parse("2012-02")
    Period(text='2012-02', first=datetime.date(2012, 2, 1), last=datetime.date(2012, 2, 29))
    """

    text: str
    first: dt.date
    last: dt.date

    @classmethod
    def parse(cls, text: str) -> Period:
        """The period `text` names; ValueError, saying what is accepted, for anything else."""
        match = _PARTIAL_DATE.match(text.strip())
        try:
            if match is None:
                raise ValueError(text)
            first, last = earliest(match.group()), latest(match.group())
        except ValueError:
            raise ValueError(
                f"{text!r} is not a date: give YYYY-MM-DD, or YYYY-MM or YYYY for a month or a year"
            ) from None
        # A match always has a year, so neither bound is None.
        return cls(match.group(), first or dt.date.min, last or dt.date.max)

    @classmethod
    def day(cls, date: dt.date) -> Period:
        return cls(date.isoformat(), date, date)


def earliest(value: str | None) -> dt.date | None:
    """The first day a partial date can mean ('2011' → 2011-01-01); None when the year is unknown."""
    if not value or value.startswith("--"):
        return None
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def latest(value: str | None) -> dt.date | None:
    """The last day a partial date can mean ('2011-02' → 2011-02-28); None when the year is unknown."""
    if not value or value.startswith("--"):
        return None
    parts = [int(p) for p in value.split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return dt.date(year, month, day)


def holds_on(properties: Mapping[str, Any], as_of: Period | dt.date | None) -> bool:
    """Whether a relationship with these `valid_from`/`valid_to` properties held on `as_of`, a day, or at some time
    in `as_of`, a month or a year.

    A bound that is missing or has no year does not exclude anything.

    >>> holds_on({"valid_from": "2011", "valid_to": "2012-04"}, dt.date(2012, 4, 30))
    True
    >>> holds_on({"valid_from": "2011"}, dt.date(2010, 12, 31))
    False
    >>> holds_on({"valid_from": "2011-03", "valid_to": "2011-05"}, Period.parse("2011"))
    True
    """
    if as_of is None:
        return True
    period = as_of if isinstance(as_of, Period) else Period.day(as_of)
    start, end = earliest(properties.get("valid_from")), latest(properties.get("valid_to"))
    return (start is None or start <= period.last) and (end is None or period.first <= end)
