"""3W ("who does what where") sheets tagged with HXL hashtags, read with libhxl.

A 3W sheet lists activities, one a row, under a row of HXL hashtags (usually
itself under a row of human headers). `read_3w` reads a CSV or XLSX sheet and
returns the coverage it states: which organisation covers which migrant need,
where and when. Every problem is reported at once, one a line, as
``<file>:row <n>: column <tag> (<header>): <message>``; a sheet with any
problem yields nothing.

Formulas are refused: an XLSX cell holding a formula is reported with its sheet
and cell (paste values instead), and a text cell that starts like one (``=``,
``+``, ``-``, ``@``; a lone sign is text) is reported rather than stored, since
staff open the graph's CSV exports in a spreadsheet, which would run it.

Row numbers are the ones a spreadsheet shows: the file's first row is row 1,
so under one header row and the hashtag row the first activity is row 3. A
CSV cell holding a line break is still one row, as in a spreadsheet.

Hashtags read (a field held by several columns takes the first non-empty one;
sector, sub-sector, region and country cells that are all filled must agree):

==========================  ==============================================
``#org`` (required)          organisation name (not ``+acronym``, ``+code``,
                             ``+type``, ``+funder``, ``+donor``)
``#org+acronym``             tried when the name does not resolve
``#sector`` (required)       a term of the migrant_needs vocabulary
``#subsector``               a sub-need of the row's sector (or the sector)
``#adm1`` (+name, +code)     first-level region: a name or ISO 3166-2 code
``#country`` (+code, +name)  the place when no region is given
``#activity``                what is done, free text
``#date+start``/``+end``     the period; or ``#date`` for a single date
``#population``/``#reached`` counts of people (only plain, +total or +ind)
``#status``                  free text
==========================  ==============================================
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from graph_api.model.ontology import Ontology, load_ontology
from graph_api.model.text import normalize
from graph_api.services.exports import FORMULA_PREFIXES
from loaders.threew.cells import parse_count, place_lookup
from loaders.threew.hxl_table import read_table
from loaders.threew.needs import Needs
from loaders.threew.records import (
    Candidate,
    CoverageRow,
    SheetError,
    SheetProblem,
    ThreeWSheet,
    coverage_key,
    places_index,
)
from loaders.threew.rows import FIELDS, REQUIRED, Row, read_need, read_period

__all__ = [
    "Candidate",
    "CoverageRow",
    "SheetError",
    "SheetProblem",
    "ThreeWSheet",
    "coverage_key",
    "places_index",
    "read_3w",
]


def _clip(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


@dataclass(slots=True)
class _Unresolved:
    name: str
    acronym: str | None
    rows: list[int] = field(default_factory=list)
    spellings: list[str] = field(default_factory=list)


def read_3w(
    path: Path,
    *,
    resolve_org: Callable[[str], str | None],
    places: Mapping[str, str],
    ontology: Ontology | None = None,
) -> ThreeWSheet:
    """Read the 3W sheet at `path` (CSV in UTF-8, or XLSX).

    `resolve_org` maps an organisation's name (or acronym) to a known actor's
    id, or to None: such organisations become `candidates` and their rows are
    kept aside, not reported as errors. `places` maps ISO codes (upper case)
    and normalised names to Place ids (see `places_index`); give the country's
    codes (alpha-2 and alpha-3) and names too for rows with only a #country.
    Sectors are matched against the migrant_needs vocabulary of `ontology`
    (default: the bundled one).

    Raises SheetError listing every problem in the sheet.
    """
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as err:
        raise SheetError([SheetProblem(path, None, None, None, f"cannot read the file: {err}")]) from err
    table_columns, table_rows = read_table(path, content)
    columns = {key: pattern.select(table_columns) for key, pattern in FIELDS.items()}
    tag_row = table_rows[0][0] - 1 if table_rows else None
    tags = ", ".join(c.display for c in table_columns) or "none"
    missing = [
        SheetProblem(path, tag_row, FIELDS[key].tag, None, f"no column has this hashtag (found: {tags})")
        for key in REQUIRED
        if not columns[key]
    ]
    if missing:
        raise SheetError(missing)

    needs = Needs.of(ontology or load_ontology())
    region_of, country_of = place_lookup(places, "region"), place_lookup(places, "country")
    known: dict[str, str | None] = {}

    def resolve(name: str | None) -> str | None:
        if name is None:
            return None
        if name not in known:
            known[name] = resolve_org(name)
        return known[name]

    problems: list[SheetProblem] = []
    kept: dict[tuple[str, str, tuple[str, ...], str, str, str], CoverageRow] = {}
    duplicates: list[tuple[int, int]] = []
    unresolved: dict[str, _Unresolved] = {}
    for number, cells in table_rows:
        if not any(cells):
            continue
        row = Row(path, number, cells, columns, problems)
        before = len(problems)
        read = {c.index: (c, text) for key in FIELDS for c, text in row.filled(key)}
        for column, text in read.values():
            if len(text) > 1 and text.startswith(FORMULA_PREFIXES):
                row.problem(
                    column,
                    f"{_clip(text)!r} starts with {text[0]!r}, so a spreadsheet would run it as a formula "
                    "when staff open an export: write it without that character",
                )
        if len(problems) > before:
            continue
        name, acronym = row.text("org"), row.text("acronym")
        if name is None:
            row.problem(columns["org"][0], "is empty; every row needs an organisation")
        need = read_need(row, needs)
        region, country = row.value("adm1", region_of, agree=True), row.value("country", country_of, agree=True)
        valid_from, valid_to = read_period(row)
        population, reached = row.value("population", parse_count), row.value("reached", parse_count)
        if len(problems) > before or name is None or need is None:
            continue
        org_id = resolve(name) or resolve(acronym)
        if org_id is None:
            entry = unresolved.setdefault(normalize(name), _Unresolved(name, acronym))
            entry.rows.append(number)
            entry.acronym = entry.acronym or acronym
            if name not in entry.spellings:
                entry.spellings.append(name)
            continue
        coverage = CoverageRow(
            org_id=org_id,
            need_id=need,
            place_ids=(region,) if region else (country,) if country else (),
            activity=row.text("activity"),
            valid_from=valid_from,
            valid_to=valid_to,
            row=number,
            population=population,
            reached=reached,
            status=row.text("status"),
        )
        first = kept.setdefault(coverage_key(coverage), coverage)
        if first is not coverage:
            duplicates.append((number, first.row))
    if problems:
        raise SheetError(problems)
    candidates = (Candidate(u.name, tuple(u.rows), u.acronym, tuple(u.spellings)) for u in unresolved.values())
    return ThreeWSheet(
        path=path,
        checksum=f"sha256:{hashlib.sha256(content).hexdigest()}",
        rows=tuple(kept.values()),
        candidates=tuple(candidates),
        duplicates=tuple(duplicates),
    )
