"""Validity in time: whether a relationship held on a date, given partial ISO 8601 bounds."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from typing import Any

__all__ = ["earliest", "holds_on", "latest"]


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


def holds_on(properties: Mapping[str, Any], as_of: dt.date | None) -> bool:
    """Whether a relationship with these `valid_from`/`valid_to` properties held on `as_of`.

    A bound that is missing or has no year does not exclude anything.

    >>> holds_on({"valid_from": "2011", "valid_to": "2012-04"}, dt.date(2012, 4, 30))
    True
    >>> holds_on({"valid_from": "2011"}, dt.date(2010, 12, 31))
    False
    """
    if as_of is None:
        return True
    start, end = earliest(properties.get("valid_from")), latest(properties.get("valid_to"))
    return (start is None or start <= as_of) and (end is None or as_of <= end)
