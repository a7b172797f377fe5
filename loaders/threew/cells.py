"""A 3W sheet's cells read as values: dates at their own precision, counts of people, places by name or code.

Dates written with slashes put the day and the month in an order the cell alone may not tell: 14/05/2023 is
day-first, 05/14/2023 month-first, and 05/06/2023 either. `DateOrder` is decided once for a sheet (by
`date_order_of`, from the cells that do tell) and applies to every cell of it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from enum import StrEnum

from graph_api.model.text import normalize

__all__ = ["DateOrder", "date_order_of", "parse_count", "parse_date", "place_lookup"]


class DateOrder(StrEnum):
    """How a sheet writes dates of day, month and year with slashes (or dots, or dashes)."""

    DAY_FIRST = "day-first"
    MONTH_FIRST = "month-first"


_GROUPED_COUNT = re.compile(r"\d{1,3}([.,\s])\d{3}(?:\1\d{3})*")
_DATE_FORMS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),
    (re.compile(r"(\d{4})-(\d{1,2})"), "ym"),
    (re.compile(r"(\d{1,2})/(\d{4})"), "my"),
    (re.compile(r"(\d{4})"), "y"),
)
_ISO_LENGTH = {3: 10, 2: 7, 1: 4}
# Two fields of one or two digits and a four-digit year: 14/05/2023, 14.05.2023, 14-05-2023.
_DAY_AND_MONTH = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")


def date_order_of(text: str) -> DateOrder | None:
    """The order `text` shows on its own, if it is a date of day, month and year that tells (a field over 12).

    >>> date_order_of("14/05/2023"), date_order_of("05/14/2023"), date_order_of("05/06/2023")
    (<DateOrder.DAY_FIRST: 'day-first'>, <DateOrder.MONTH_FIRST: 'month-first'>, None)
    """
    match = _DAY_AND_MONTH.fullmatch(text)
    if match is None:
        return None
    first, second = int(match.group(1)), int(match.group(3))
    if first > 12 >= second:
        return DateOrder.DAY_FIRST
    if second > 12 >= first:
        return DateOrder.MONTH_FIRST
    return None


def _day_and_month(match: re.Match[str], order: DateOrder | None) -> str:
    text = match.group()
    first, second, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
    order = order or date_order_of(text)
    if order is None and first != second:
        raise ValueError(
            f"{text!r} could be day-first or month-first, and no date in this sheet has a day over 12 to tell: "
            "say which with --date-order day-first or month-first (MIGRAGRAPH_3W_DATE_ORDER)"
        )
    day, month = (second, first) if order is DateOrder.MONTH_FIRST else (first, second)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as err:
        reading = "month-first" if order is DateOrder.MONTH_FIRST else "day-first"
        raise ValueError(f"{text!r} is not a date read {reading} ({err})") from err


def parse_date(text: str, order: DateOrder | None = None) -> str:
    """`text` as an ISO 8601 date at its own precision (YYYY-MM-DD, YYYY-MM or YYYY); a date of day, month and
    year with slashes is read in `order`, or in the order it shows itself.

    >>> parse_date("14/05/2023"), parse_date("05/06/2023", DateOrder.MONTH_FIRST), parse_date("05/2023")
    ('2023-05-14', '2023-05-06', '2023-05')
    """
    day_and_month = _DAY_AND_MONTH.fullmatch(text)
    if day_and_month is not None:
        return _day_and_month(day_and_month, order)
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
    raise ValueError(f"{text!r} is not a date: write YYYY-MM-DD, DD/MM/YYYY, YYYY-MM, MM/YYYY or YYYY")


def parse_count(text: str) -> int:
    if text.isdigit():
        return int(text)
    if _GROUPED_COUNT.fullmatch(text):  # 1.250 or 1,250 or 1 250
        return int(re.sub(r"\D", "", text))
    raise ValueError(f"{text!r} is not a whole number of people")


def place_lookup(places: Mapping[str, str], what: str) -> Callable[[str], str]:
    """Read a cell as a place of `places` (a `places_index`): by code (ISO 3166 or OCHA p-code) or by name."""
    codes = sorted(k for k in places if k.isupper())
    known = ", ".join(codes) if len(codes) <= 60 else f"{len(codes)} of them, such as {', '.join(codes[:3])}"

    def lookup(text: str) -> str:
        found = places.get(text.upper()) or places.get(normalize(text))
        if found is None:
            raise ValueError(
                f"unknown {what} {text!r}: write its name, ISO 3166 code or OCHA p-code "
                f"(known codes: {known or 'none'})"
            )
        return found

    return lookup
