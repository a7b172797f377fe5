"""Dates in a sentence, with their precision; what the text leaves out taken from the publication date.

The words are data: schema/lexicon/es/dates.yaml. A sentence gives dates as
"el 11 de agosto (de 2015)", "del 13 al 15 de marzo" (the first day), "el
martes (11/7)", "11/07/2023", "en marzo de 2015", "en 2015", and from the
publication date: "hoy", "ayer", "anteayer", "este lunes", "el pasado lunes",
"este martes 11" (the most recent such weekday on or before the publication's
day, or before it for "pasado"; "el próximo lunes" is no date). A day is a
real day of its year: "29 de febrero de 2015" is none, and a 29 February
whose year would be taken from a publication in a common year keeps an
unknown year ("--02-29").
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from typing import NamedTuple

from loaders.errors import DataFileError, Problem
from loaders.press.figures import alternatives
from loaders.press.lexicon import lexicon_dir, word_list, word_map
from loaders.press.sentences import Sentence

__all__ = ["MONTHS", "WEEKDAYS", "Date", "Publication", "dateline_date", "dates_in", "real_day"]


def _numbers(key: str) -> dict[str, int]:
    table = word_map("dates", key)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in table.values()):
        raise DataFileError([Problem(lexicon_dir() / "dates.yaml", 1, f"'{key}' must map words to whole numbers")])
    return {str(word): int(value) for word, value in table.items()}


MONTHS = _numbers("months")
WEEKDAYS = _numbers("weekdays")
DAY_WORDS = _numbers("day_words")
RELATIVE_DAYS = _numbers("relative_days")
RELATIVE_YEARS = _numbers("relative_years")
THIS_WEEK = frozenset(word_list("dates", "this_week"))
PAST = frozenset(word_list("dates", "past"))
FUTURE = frozenset(word_list("dates", "future"))
RECENT = 35  # how many days back "el martes 11" may be from the publication's

MONTH = alternatives(MONTHS)
_FUTURE = alternatives(FUTURE)
_WHEN = alternatives([*PAST, *FUTURE])
_YEAR = rf"(?:\s+(?:de|del)\s+(?P<year>\d{{4}})|\s+(?P<relative>{alternatives(RELATIVE_YEARS)}))"
_LINK = rf"(?:\s*,\s*|\s+(?:{alternatives(word_list('dates', 'day_links'))})\s+)(?:el\s+)?(?:dia\s+)?"

# "el 11 de agosto", "del 13 al 15 de marzo de 2020", "1.º de julio" (folded "1.o"), "el 5 de agosto pasado".
DAY_DATE = re.compile(
    rf"\b(?:(?P<ahead>{_FUTURE})\s+)?(?P<day>\d{{1,2}}|{alternatives(DAY_WORDS)})(?:\.?[o°]|ero|ro|er)?"
    rf"(?:{_LINK}\d{{1,2}}\b)*\s+de\s+(?P<month>{MONTH})\b{_YEAR}?(?:\s+(?P<behind>{_FUTURE})\b)?"
)

# Day first, as Spanish writes it: "11/07/2023", "11/7/23"; without a year only "el 11/7" or after a weekday.
NUMERIC_DATE = re.compile(r"(?<![\d/.,])(?P<day>\d{1,2})/(?P<month>\d{1,2})(?:/(?P<year>\d{4}|\d{2}))?(?![\d/])")
YEARLESS_PLACE = re.compile(r"(?<=\bel\s)|(?<=\bdel\s)|(?<=\bal\s)|(?<=\bdia\s)")

# "este lunes", "el pasado lunes", "el lunes pasado", "hoy martes 14 de enero", "el martes (11/7)".
WEEKDAY = re.compile(
    rf"\b(?:(?P<lead>{alternatives([*THIS_WEEK, *RELATIVE_DAYS])}|el(?:\s+dia)?)(?:\s*,)?\s+"
    rf"(?:(?P<before>{_WHEN})\s+)?)?(?P<weekday>{alternatives(WEEKDAYS)})\b(?:\s+(?P<after>{_WHEN})\b)?"
    r"(?P<gap>[\s,(]*)(?:(?P<day>\d{1,2})\b(?![./]\d))?"
)

RELATIVE_DAY = re.compile(
    rf"\b(?P<word>{alternatives(RELATIVE_DAYS)})\b(?!\s+(?:{alternatives(word_list('dates', 'not_today'))})\b)"
)

MONTH_DATE = re.compile(rf"\b(?P<month>{MONTH}){_YEAR}\b")

YEAR_DATE = re.compile(
    rf"\b(?:{alternatives(word_list('dates', 'year_leads'))})\s+(?:el\s+(?:ano\s+)?)?(?P<year>(?:19|20)\d{{2}})\b"
)


class Date(NamedTuple):
    value: str
    precision: str
    year_known: bool
    year_inferred: bool


class Publication(NamedTuple):
    """What a publication date ("2024-05-03", "2024-05", "2024") gives: its year, month and day, when real."""

    year: int | None
    month: int | None
    day: dt.date | None

    @classmethod
    def of(cls, published: str | None) -> Publication:
        match = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", published or "")
        if match is None:
            return cls(None, None, None)
        year = int(match[1])
        month = int(match[2]) if match[2] and 1 <= int(match[2]) <= 12 else None
        if month is None or not match[3] or not real_day(year, month, int(match[3])):
            return cls(year, month, None)
        return cls(year, month, dt.date(year, month, int(match[3])))


def real_day(year: int | None, month: int, day: int) -> bool:
    """Whether `day`/`month` is a day of the calendar in `year` (any year when None: 29 February is)."""
    try:
        dt.date(2000 if year is None else year, month, day)
    except ValueError:
        return False
    return True


def dates_in(folded: str, published: str | None) -> list[tuple[int, Date]]:
    """The dates a folded (and maybe masked) sentence gives, by position: where each expression starts."""
    publication = Publication.of(published)
    found: dict[int, Date] = {}
    spans: list[tuple[int, int]] = []  # the text each date takes
    calendar: dict[int, tuple[int, Date | None]] = {}  # day dates by start: their end and date
    for match in DAY_DATE.finditer(folded):
        calendar[match.start("day")] = (match.end(), _written_day(match, publication))
    written_days = sorted((start, end) for start, (end, _) in calendar.items())
    for match in NUMERIC_DATE.finditer(folded):
        if (match["year"] or YEARLESS_PLACE.match(folded, match.start())) and not _within(written_days, match.start()):
            calendar[match.start()] = (match.end(), _numeric_day(match, publication))
    for match in WEEKDAY.finditer(folded):
        written = calendar.pop(match.end("gap"), None)
        numeric = NUMERIC_DATE.match(folded, match.end("gap")) if written is None else None
        if numeric is not None:  # "el martes (11/7)", "el martes 11/7"
            written = (numeric.end(), _numeric_day(numeric, publication))
        if written is not None:  # "hoy martes 14 de enero": the day written, from where the weekday is
            calendar[match.start()] = written
            continue
        date = _weekday(match, publication)
        end = match.end() if date is not None and match["day"] else match.end("weekday")
        spans.append((match.start(), end))
        if date is not None:
            found[match.start()] = date
    for start, (end, date) in calendar.items():
        if date is not None:  # of "29 de febrero de 2015", what is left is "febrero de 2015"
            spans.append((start, end))
            found[start] = date
    spans.sort()
    for match in RELATIVE_DAY.finditer(folded):
        if publication.day is not None and not _within(spans, match.start()):
            day = publication.day + dt.timedelta(days=RELATIVE_DAYS[" ".join(match["word"].split())])
            found[match.start()] = Date(day.isoformat(), "day", True, True)
    months: list[tuple[int, int]] = []
    for match in MONTH_DATE.finditer(folded):
        year = _year(match, publication)
        if year is not None and not _within(spans, match.start()):
            found[match.start()] = Date(f"{year[0]}-{MONTHS[match['month']]:02d}", "month", True, year[1])
            months.append(match.span())
    for match in YEAR_DATE.finditer(folded):
        if not _within(spans, match.start("year")) and not _within(months, match.start("year")):
            found[match.start()] = Date(match.group("year"), "year", True, False)
    return sorted(found.items())


def _year(match: re.Match[str], publication: Publication) -> tuple[int, bool] | None:
    """The year a date writes (and False), or counts from the publication's ("del año pasado", and True)."""
    if match["year"]:
        return int(match["year"]), False
    if match["relative"] and publication.year is not None:
        return publication.year + RELATIVE_YEARS[" ".join(match["relative"].split())], True
    return None


def _written_day(match: re.Match[str], publication: Publication) -> Date | None:
    """ "el 11 de agosto (de 2015)"; of a range or list ("del 13 al 15 de marzo"), its first day."""
    day = DAY_WORDS.get(match["day"]) or int(match["day"])
    ahead = bool(match["ahead"] or match["behind"])
    return _day(day, MONTHS[match["month"]], _year(match, publication), publication, ahead=ahead)


def _numeric_day(match: re.Match[str], publication: Publication) -> Date | None:
    day, month, written = int(match["day"]), int(match["month"]), match["year"]
    if not 1 <= month <= 12:
        return None
    if written is None:
        return _day(day, month, None, publication)
    year = int(written) if len(written) == 4 else int(written) + (2000 if int(written) < 70 else 1900)  # "23": 2023
    return _day(day, month, (year, False), publication)


def _day(
    day: int, month: int, year: tuple[int, bool] | None, publication: Publication, *, ahead: bool = False
) -> Date | None:
    """A day of `month`: in the year given (and whether inferred), else the publication's, else of no known year.

    A year taken from the publication is the one that puts the day on or before its date (after it, for a
    day `ahead`: "el próximo 14 de enero"); one in which the day does not exist is dropped ("--02-29").
    """
    unknown = Date(f"--{month:02d}-{day:02d}", "day", False, False)
    if not real_day(None, month, day):
        return None
    if year is None and publication.year is not None:
        year = (_year_for(publication.year, publication, month, day, ahead=ahead), True)
    if year is None:
        return unknown
    if not real_day(year[0], month, day):
        return unknown if year[1] else None
    return Date(f"{year[0]:04d}-{month:02d}-{day:02d}", "day", True, year[1])


def _year_for(year: int, publication: Publication, month: int, day: int, *, ahead: bool) -> int:
    """The year of a day-and-month, reading the release as written on its publication date, of `year`."""
    published = (publication.month or 12, publication.day.day if publication.day else 31)
    if ahead:
        return year + 1 if publication.month and (month, day) < published else year
    return year - 1 if (month, day) > published else year


def _weekday(match: re.Match[str], publication: Publication) -> Date | None:
    """ "este lunes", "el pasado lunes", "este martes 11", "ayer martes": a day of the week of publication."""
    today = publication.day
    lead = " ".join((match["lead"] or "").split())
    if today is None or match["before"] in FUTURE or match["after"] in FUTURE:
        return None
    if lead in RELATIVE_DAYS and lead not in THIS_WEEK:  # "ayer martes": the day "ayer" says
        day = today + dt.timedelta(days=RELATIVE_DAYS[lead])
        return Date(day.isoformat(), "day", True, True)
    weekday = WEEKDAYS[match["weekday"]]
    first = 1 if match["before"] in PAST or match["after"] in PAST else 0
    if match["day"]:  # "este martes 11": the most recent Tuesday the 11th; none if it is not recent
        days = (today - dt.timedelta(days=back) for back in range(first, RECENT))
        recent = next((d for d in days if d.weekday() == weekday and d.day == int(match["day"])), None)
        return Date(recent.isoformat(), "day", True, True) if recent is not None else None
    if lead not in THIS_WEEK and first == 0:  # "el lunes", "lunes": which one is not said
        return None
    back = (today.weekday() - weekday) % 7 or 7 * first
    return Date((today - dt.timedelta(days=back)).isoformat(), "day", True, True)


def _within(spans: Sequence[tuple[int, int]], offset: int) -> bool:
    """Whether `offset` is inside one of `spans` (in order and apart): only the last to start before it can hold it."""
    k = bisect.bisect_right(spans, (offset, 1 << 62)) - 1
    return k >= 0 and spans[k][0] <= offset < spans[k][1]


# "Lima, 1.º de julio de 2021.—", "Morelia, Michoacán, a 25 de noviembre de 2025.-", "MEXICALI B.C.- Miércoles 13…".
DATELINE_PLACE = re.compile(r"[a-z][a-z .]*(?:,\s*[a-z][a-z .]*)?(?:,\s+(?:a\s+)?|\s*[-–—]\s*)")


def dateline_date(sentences: Sequence[Sentence]) -> str | None:
    """The date of a release's dateline, when it gives the year."""
    for sentence in sentences[:3]:
        place = DATELINE_PLACE.match(sentence.folded)
        if place is None:
            continue
        dates = [date for position, date in dates_in(sentence.folded, None) if position == place.end()]
        if dates and dates[0].year_known:
            return dates[0].value
    return None
