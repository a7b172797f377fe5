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
sector, sub-sector, place and country cells that are all filled must agree):

===============================  ==============================================
``#org`` / ``#org+name`` (req.)   the reporting organisation (not ``+acronym``,
                                  ``+code``, ``+id``, ``+type``, ``+funder``,
                                  ``+donor``, ``+impl``)
``#org+acronym``                  tried when the name does not resolve
``#org+id``                       an actor's id or IATI id, tried first
``#org+impl`` (``+acronym``)      the implementing partner: PARTNER_OF the
                                  reporting organisation, for the row's need
``#sector`` (required)            a term of the migrant_needs vocabulary
``#subsector``                    a sub-need of the row's sector (or the sector)
``#adm1`` (+name, +code)          first-level region: a name, an ISO 3166-2 code
                                  or an OCHA p-code (PE-LIM or PE15)
``#adm2`` (+name, +code)          second-level province: a name or a p-code
                                  (PE1501); it must lie in the row's #adm1
``#country`` (+code, +name)       the place when no region is given
``#activity``                     what is done, free text
``#date+start``/``+end``          the period; or ``#date`` for a single date
``#population``/``#reached``/     counts of people (only plain, +total or +ind)
``#targeted``
``#beneficiary``, ``#status``     free text
===============================  ==============================================

Dates are ISO 8601 (2023-05-14, 2023-05, 2023), MM/YYYY, or day, month and year
with slashes, dots or dashes. Whether those are day-first (14/05/2023, as Peru
and Colombia write them) or month-first is decided for the whole sheet from the
dates that tell (a first field over 12 is a day), or given as `date_order`; a
date that stays ambiguous (05/06/2023 in a sheet with no telling date) is
reported, and so is a sheet that writes both orders. Names that do not resolve
are tried with their abbreviations spelt out ("Min. de Salud"), then by
acronym; those that still match nothing become candidates, with the closest
known names. Columns the reader does not use are named in `ignored`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph_api.model.ontology import Ontology, load_ontology
from graph_api.model.text import normalize
from graph_api.services.exports import FORMULA_PREFIXES
from loaders.threew.cells import DateOrder, date_order_of, parse_count, place_lookup
from loaders.threew.hxl_table import Column, read_table
from loaders.threew.needs import Needs
from loaders.threew.organisations import closest_names, expand_abbreviations
from loaders.threew.records import (
    Candidate,
    CoverageRow,
    Places,
    SheetError,
    SheetProblem,
    ThreeWSheet,
    coverage_key,
    places_index,
)
from loaders.threew.rows import DATES, FIELDS, REQUIRED, Row, read_need, read_period

__all__ = [
    "Candidate",
    "CoverageRow",
    "DateOrder",
    "Places",
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


def _sheet_date_order(
    path: Path, table_rows: list[tuple[int, list[str]]], columns: dict[str, tuple[Column, ...]]
) -> tuple[DateOrder | None, list[SheetProblem]]:
    """How the sheet writes dates of day and month, from the first cell that tells each order; a problem when
    it writes both."""
    first: dict[DateOrder, tuple[int, Column, str]] = {}
    for number, cells in table_rows:
        for column in (c for key in DATES for c in columns[key]):
            text = cells[column.index] if column.index < len(cells) else ""
            order = date_order_of(text)
            if order is not None:
                first.setdefault(order, (number, column, text))
    if len(first) < 2:
        return next(iter(first), None), []
    (day_row, _, day_text), (month_row, column, month_text) = first[DateOrder.DAY_FIRST], first[DateOrder.MONTH_FIRST]
    message = (
        f"this sheet writes dates day-first (row {day_row}: {day_text!r}) and month-first (row {month_row}: "
        f"{month_text!r}); correct the ones in the wrong order"
    )
    return None, [SheetProblem(path, month_row, column.display, column.header or None, message)]


def _ignored(table_columns: list[Column], columns: dict[str, tuple[Column, ...]]) -> tuple[str, ...]:
    # #meta columns say something about the sheet (its sources, notes), not about an activity.
    used = {c.index for selected in columns.values() for c in selected}
    used |= {c.index for c in table_columns if c.tag == "#meta"}
    return tuple(c.display + (f" ({c.header})" if c.header else "") for c in table_columns if c.index not in used)


def read_3w(
    path: Path,
    *,
    resolve_org: Callable[[str], str | None],
    places: Places | Mapping[str, str],
    ontology: Ontology | None = None,
    date_order: DateOrder | None = None,
    known_names: Sequence[str] = (),
    resolve_id: Callable[[str], str | None] | None = None,
) -> ThreeWSheet:
    """Read the 3W sheet at `path` (CSV in UTF-8, or XLSX).

    `resolve_org` maps an organisation's name (or acronym) to a known actor's
    id, or to None: such organisations become `candidates` (with the closest of
    `known_names`) and their rows are kept aside, not reported as errors.
    `places` holds the places rows may name (see `Places`; a mapping alone is
    the countries and regions): give the country's codes (alpha-2 and alpha-3)
    and names too for rows with only a #country. Sectors are matched against
    the migrant_needs vocabulary of `ontology` (default: the bundled one).
    `date_order` says how dates of day and month are written when the sheet
    does not tell. `resolve_id` maps an #org+id cell (an actor's id, or an
    identifier such as its IATI id) to an actor's id; it is tried first.

    Raises SheetError listing every problem in the sheet.
    """
    path = Path(path)
    gazetteer = places if isinstance(places, Places) else Places(places)
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
    region_of, country_of = place_lookup(gazetteer.regions, "region"), place_lookup(gazetteer.regions, "country")
    province_of = place_lookup(gazetteer.provinces, "province")
    known: dict[str, str | None] = {}

    def resolve(name: str | None) -> str | None:
        if name is None:
            return None
        if name not in known:
            expanded = expand_abbreviations(name)
            known[name] = resolve_org(name) or (resolve_org(expanded) if expanded != name else None)
        return known[name]

    # A sheet told its order reads every date that way (those written the other way fail on their own).
    order, problems = (date_order, []) if date_order else _sheet_date_order(path, table_rows, columns)
    kept: dict[tuple[object, ...], CoverageRow] = {}
    duplicates: list[tuple[int, int]] = []
    unresolved: dict[str, _Unresolved] = {}

    def set_aside(name: str, acronym: str | None, number: int) -> None:
        entry = unresolved.setdefault(normalize(name), _Unresolved(name, acronym))
        if number not in entry.rows:
            entry.rows.append(number)
        entry.acronym = entry.acronym or acronym
        if name not in entry.spellings:
            entry.spellings.append(name)

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
        name, acronym, by_id = row.text("org"), row.text("acronym"), row.text("org_id")
        partner, partner_acronym = row.text("impl"), row.text("impl_acronym")
        if name is None and by_id is None:
            row.problem(columns["org"][0], "is empty; every row needs an organisation")
        need = read_need(row, needs)
        region, country = row.value("adm1", region_of, agree=True), row.value("country", country_of, agree=True)
        province = row.value("adm2", province_of, agree=True)
        if province is not None and region is not None and not gazetteer.within(province, region):
            column, text = row.filled("adm2")[0]
            row.problem(column, f"the province {text!r} does not lie in the row's region {row.text('adm1')!r}")
        valid_from, valid_to = read_period(row, order)
        population, reached = row.value("population", parse_count), row.value("reached", parse_count)
        targeted = row.value("targeted", parse_count)
        named = name or by_id
        if len(problems) > before or named is None or need is None:
            continue
        org_id = (resolve_id(by_id) if resolve_id and by_id else None) or resolve(name) or resolve(acronym)
        partner_id = resolve(partner) or resolve(partner_acronym)
        if partner is not None and partner_id is None:
            set_aside(partner, partner_acronym, number)
        if org_id is None:
            set_aside(named, acronym, number)
            continue
        coverage = CoverageRow(
            org_id=org_id,
            need_id=need,
            place_ids=(province,) if province else (region,) if region else (country,) if country else (),
            activity=row.text("activity"),
            valid_from=valid_from,
            valid_to=valid_to,
            row=number,
            population=population,
            reached=reached,
            status=row.text("status"),
            targeted=targeted,
            beneficiaries=row.text("beneficiary"),
            implementer_id=partner_id if partner_id != org_id else None,
        )
        first = kept.setdefault(coverage_key(coverage), coverage)
        if first is not coverage:
            duplicates.append((number, first.row))
    if problems:
        raise SheetError(problems)
    candidates = (
        Candidate(u.name, tuple(u.rows), u.acronym, tuple(u.spellings), closest_names(u.name, known_names))
        for u in unresolved.values()
    )
    return ThreeWSheet(
        path=path,
        checksum=f"sha256:{hashlib.sha256(content).hexdigest()}",
        rows=tuple(kept.values()),
        candidates=tuple(candidates),
        duplicates=tuple(duplicates),
        ignored=_ignored(table_columns, columns),
        date_order=str(order) if order else None,
    )
