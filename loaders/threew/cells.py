"""A 3W sheet's cells read as values: dates at their own precision, counts of people, places by name or code."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping

from graph_api.model.text import normalize

__all__ = ["date_span", "parse_count", "parse_date", "place_lookup"]

_GROUPED_COUNT = re.compile(r"\d{1,3}([.,\s])\d{3}(?:\1\d{3})*")
_DATE_FORMS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),
    (re.compile(r"(\d{4})-(\d{1,2})"), "ym"),
    (re.compile(r"(\d{1,2})/(\d{4})"), "my"),
    (re.compile(r"(\d{4})"), "y"),
)
_ISO_LENGTH = {3: 10, 2: 7, 1: 4}


def parse_date(text: str) -> str:
    """`text` as an ISO 8601 date at its own precision (YYYY-MM-DD, YYYY-MM or YYYY)."""
    for pattern, form in _DATE_FORMS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        parts = dict(zip(form, map(int, match.groups()), strict=True))
        try:
            day = dt.date(parts["y"], parts.get("m", 1), parts.get("d", 1))
        except ValueError as err:
            raise ValueError(f"{text!r} is not a date ({err})") from err
        return day.isoformat()[: _ISO_LENGTH[len(form)]]
    raise ValueError(f"{text!r} is not a date: write YYYY-MM-DD, YYYY-MM, MM/YYYY or YYYY")


def date_span(iso: str) -> tuple[dt.date, dt.date]:
    """The first and last days of an ISO date at year, month or day precision."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        return dt.date(*parts), dt.date(*parts)
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def parse_count(text: str) -> int:
    if text.isdigit():
        return int(text)
    if _GROUPED_COUNT.fullmatch(text):  # 1.250 or 1,250 or 1 250
        return int(re.sub(r"\D", "", text))
    raise ValueError(f"{text!r} is not a whole number of people")


def place_lookup(places: Mapping[str, str], what: str) -> Callable[[str], str]:
    codes = ", ".join(sorted(k for k in places if k.isupper()))

    def lookup(text: str) -> str:
        found = places.get(text.upper()) or places.get(normalize(text))
        if found is None:
            raise ValueError(f"unknown {what} {text!r}: write its name or ISO code (known codes: {codes or 'none'})")
        return found

    return lookup
