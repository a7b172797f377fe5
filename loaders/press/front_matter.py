"""The YAML front matter of a text or Markdown document, and the metadata it gives: ISO dates of the calendar.

A document may start with YAML between two `---` lines (title, publisher, published, url, language, country);
`published` (or `date`) must be an ISO date, possibly partial, of the calendar.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from loaders.errors import quoted
from loaders.press.errors import DocumentError
from loaders.yaml_source import load_bounded

__all__ = ["front_matter", "front_matter_metadata", "is_iso_date", "iso_date"]

_METADATA_KEYS = ("title", "publisher", "published", "url", "language", "country")
_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_DATE_IN_YAML = re.compile(r"""^\s*[^:#]+:\s*['"]?(\d{4}-\d{1,2}-\d{1,2})\b""")


def front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    """The YAML between a first `---` line and the next, and the text after it."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    number = next((n for n, line in enumerate(lines[1:], start=1) if line.strip() in {"---", "..."}), None)
    if number is None:
        raise DocumentError(path, "the front matter opened on this line is never closed with '---'", line=1)
    try:
        data = load_bounded("\n".join(lines[1:number]))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        raise DocumentError(
            path, f"invalid front matter: {err.problem or err}", line=mark.line + 2 if mark else 1
        ) from err
    except yaml.YAMLError as err:
        raise DocumentError(path, f"invalid front matter: {err}", line=1) from err
    except ValueError as err:  # YAML reads "published: 2015-02-29" as a date itself, and it is no day
        line, value = _impossible_date(lines[1:number])
        raise DocumentError(path, f"invalid front matter: {value} is not a day of the calendar", line=line) from err
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DocumentError(path, "the front matter must be a mapping of keys to values", line=1)
    return data, "\n".join(lines[number + 1 :])


def _impossible_date(lines: Sequence[str]) -> tuple[int, str]:
    """The line of the file (the first of `lines` is its second) writing a date that is no day, and the date."""
    for number, text in enumerate(lines, start=2):
        found = _DATE_IN_YAML.match(text)
        if found is not None:
            year, month, day = (int(part) for part in found[1].split("-"))
            try:
                dt.date(year, month, day)
            except ValueError:
                return number, found[1]
    return 1, "a date"


def front_matter_metadata(path: Path, front: Mapping[str, Any]) -> dict[str, str]:
    """The metadata fields of a front matter, as text; `published` (or `date`) as an ISO date."""
    metadata: dict[str, str] = {}
    for key in _METADATA_KEYS:
        value = front.get(key, front.get("date") if key == "published" else None)
        if value is None or value == "":
            continue
        if key == "published":
            metadata[key] = iso_date(path, value)
        elif isinstance(value, str | int | float):
            metadata[key] = str(value).strip()
        else:
            raise DocumentError(path, f"front matter {key!r} must be a single value, got {quoted(value)}", line=1)
    return metadata


def iso_date(path: Path, value: Any, what: str = "front matter 'published'") -> str:
    """`value` as an ISO date of the calendar, possibly partial; a DocumentError naming `what` if it is none."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if is_iso_date(text):
        return text
    raise DocumentError(
        path, f"{what} must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) of the calendar, got {quoted(value)}"
    )


def is_iso_date(text: str) -> bool:
    """Whether `text` is a date of the calendar at year, month or day precision ("2016-02-29", not "2015-02-29")."""
    if not _ISO_DATE.match(text):
        return False
    try:
        dt.date.fromisoformat((text + "-01-01")[:10])
    except ValueError:
        return False
    return True
