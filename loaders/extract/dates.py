"""Dates in a sentence, with their precision; a year taken from the publication when the text gives none."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import NamedTuple

from .sentences import Sentence

# fmt: off
MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}


# fmt: on
MONTH = "|".join(MONTHS)


DAY_DATE = re.compile(
    rf"\b(?P<day>\d{{1,2}}|primero)(?:\.?o)?\s+de\s+(?P<month>{MONTH})(?:\s+(?:de|del)\s+(?P<year>\d{{4}}))?\b"
)


MONTH_DATE = re.compile(rf"\b(?P<month>{MONTH})\s+(?:de|del)\s+(?P<year>\d{{4}})\b")


YEAR_DATE = re.compile(r"\b(?:en|durante)\s+(?:el\s+(?:ano\s+)?)?(?P<year>(?:19|20)\d{2})\b")


class Date(NamedTuple):
    value: str
    precision: str
    year_known: bool
    year_inferred: bool


def dates_in(folded: str, published: str | None) -> list[tuple[int, Date]]:
    """The dates a sentence gives, by position; a day without a year takes the publication's year, if known."""
    found: list[tuple[int, Date]] = []
    days: list[tuple[int, int]] = []  # the spans taken, in order and apart (as finditer gives them)
    months: list[tuple[int, int]] = []
    for match in DAY_DATE.finditer(folded):
        day = 1 if match.group("day") == "primero" else int(match.group("day"))
        month = MONTHS[match.group("month")]
        if not valid_day(month, day):
            continue
        year = match.group("year")
        if year:
            date = Date(f"{year}-{month:02d}-{day:02d}", "day", True, False)
        elif published and len(published) >= 4:
            inferred = year_before(published, month, day)
            date = Date(f"{inferred}-{month:02d}-{day:02d}", "day", True, True)
        else:
            date = Date(f"--{month:02d}-{day:02d}", "day", False, False)
        found.append((match.start(), date))
        days.append(match.span())
    for match in MONTH_DATE.finditer(folded):
        if not within(days, match.start()):
            found.append(
                (
                    match.start(),
                    Date(f"{match.group('year')}-{MONTHS[match.group('month')]:02d}", "month", True, False),
                )
            )
            months.append(match.span())
    for match in YEAR_DATE.finditer(folded):
        if not within(days, match.start("year")) and not within(months, match.start("year")):
            found.append((match.start(), Date(match.group("year"), "year", True, False)))
    return sorted(found)


def within(spans: Sequence[tuple[int, int]], offset: int) -> bool:
    """Whether `offset` is inside one of `spans` (in order and apart): only the last to start before it can hold it."""
    k = bisect.bisect_right(spans, (offset, 1 << 62)) - 1
    return k >= 0 and spans[k][0] <= offset < spans[k][1]


def valid_day(month: int, day: int) -> bool:
    return 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)


def dateline_date(sentences: Sequence[Sentence]) -> str | None:
    """The date of a release's dateline ("Lima, 1.º de julio de 2021.—"), when it gives the year."""
    for sentence in sentences[:3]:
        place = re.match(r"[a-z][a-z .]*,\s+", sentence.folded)
        if place is None:
            continue
        dates = [date for position, date in dates_in(sentence.folded, None) if position == place.end()]
        if dates and dates[0].year_known:
            return dates[0].value
    return None


def year_before(published: str, month: int, day: int) -> int:
    """The year of a past day-and-month, reading the release as written on `published`."""
    year = int(published[:4])
    published_month = int(published[5:7]) if len(published) >= 7 else 12
    published_day = int(published[8:10]) if len(published) >= 10 else 31
    return year - 1 if (month, day) > (published_month, published_day) else year
