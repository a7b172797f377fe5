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

import datetime as dt
import hashlib
import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import hxl  # type: ignore[import-untyped]

from graph_api.model.ontology import Ontology, Term, load_ontology
from graph_api.model.text import normalize
from graph_api.services.exports import FORMULA_PREFIXES
from loaders.errors import LoaderError

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

# Names and codes that R4V partners use for its sectors, besides each term's
# id, Spanish and English labels. Parenthesised parts are matched on their own
# too, so "Agua, saneamiento e higiene (ASH)" needs no entry of its own.
_SECTOR_SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "food-security": ("Asistencia alimentaria", "Food assistance"),
    "health": ("Atención de salud", "Healthcare", "Health care"),
    "humanitarian-transportation": ("Humanitarian transport", "Transporte"),
    "integration": ("Integración socioeconómica", "Socio-economic integration", "Socioeconomic integration"),
    "protection": ("Protección general", "General protection"),
    "child-protection": ("Protección infantil", "Protección de niñas, niños y adolescentes", "Niñez"),
    "gender-based-violence": ("VBG", "GBV", "Violencia de género"),
    "trafficking-and-smuggling": (
        "Trata y tráfico",
        "Trata de personas",
        "Human trafficking",
        "Trafficking and smuggling",
    ),
    "shelter": ("Albergue", "Alojamiento temporal"),
    "wash": ("WASH", "ASH", "Water, sanitation and hygiene", "Agua y saneamiento"),
    "multipurpose-cash": (
        "Multipurpose cash",
        "Multi-purpose cash",
        "MPC",
        "MPCA",
        "CVA",
        "Cash and voucher assistance",
        "Cash-based interventions",
        "TMM",
        "Transferencias monetarias",
        "Efectivo multipropósito",
    ),
}
_FORMATS = {".csv": "CSV", ".xlsx": "XLSX"}
_COUNT_ATTRIBUTES = frozenset({"total", "ind"})
_PARENTHESISED = re.compile(r"\(([^()]*)\)")
_GROUPED_COUNT = re.compile(r"\d{1,3}([.,\s])\d{3}(?:\1\d{3})*")
_T = TypeVar("_T")


class SheetError(LoaderError):
    """A 3W sheet cannot be read or has invalid rows; nothing was imported from it."""

    def __init__(self, problems: Sequence[SheetProblem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} found; nothing was imported"
        super().__init__("\n".join([head, *(str(p) for p in self.problems)]))


@dataclass(frozen=True, slots=True)
class SheetProblem:
    """One thing wrong in a sheet: the row and column when it has them."""

    path: Path
    row: int | None
    column: str | None
    header: str | None
    message: str

    def __str__(self) -> str:
        where = str(self.path) + (f":row {self.row}" if self.row is not None else "")
        if self.column:
            where += f": column {self.column}" + (f" ({self.header})" if self.header else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """One activity: `org_id` covers `need_id` in `place_ids` over a period, from sheet row `row`.

    Dates are ISO 8601 at the sheet's precision ("2023", "2023-05" or "2023-05-14").
    """

    org_id: str
    need_id: str
    place_ids: tuple[str, ...]
    activity: str | None
    valid_from: str | None
    valid_to: str | None
    row: int
    population: int | None = None
    reached: int | None = None
    status: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """An organisation that no known actor matches: for a curator to add or alias, never added silently."""

    name: str
    rows: tuple[int, ...]
    acronym: str | None = None
    spellings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ThreeWSheet:
    """What a sheet says: its coverage (duplicates collapsed) and the organisations left unresolved.

    `checksum` is ``sha256:<hex>`` of the file's bytes; `duplicates` pairs each
    dropped row with the row it repeats.
    """

    path: Path
    checksum: str
    rows: tuple[CoverageRow, ...]
    candidates: tuple[Candidate, ...]
    duplicates: tuple[tuple[int, int], ...] = ()


def coverage_key(row: CoverageRow) -> tuple[str, str, tuple[str, ...], str, str, str]:
    """What makes two rows the same coverage: organisation, need, places, period and activity.

    Counts, status and the row number do not count; the activity is compared
    ignoring case, accents and punctuation.
    """
    places = tuple(sorted(row.place_ids))
    return (row.org_id, row.need_id, places, row.valid_from or "", row.valid_to or "", normalize(row.activity or ""))


def places_index(entries: Iterable[tuple[str, str, Sequence[str]]]) -> dict[str, str]:
    """The `places` lookup of `read_3w`, from (place id, ISO code, names) triples.

    Codes are kept in upper case, names normalised; a key naming two places is a ValueError.

    >>> places_index([("pe-lim", "PE-LIM", ["Lima"]), ("pe-cus", "pe-cus", ["Cusco", "Cuzco"])])
    {'PE-LIM': 'pe-lim', 'lima': 'pe-lim', 'PE-CUS': 'pe-cus', 'cusco': 'pe-cus', 'cuzco': 'pe-cus'}
    """
    index: dict[str, str] = {}
    for place_id, iso_code, names in entries:
        for key in (iso_code.strip().upper(), *(normalize(name) for name in names)):
            if key and index.setdefault(key, place_id) != place_id:
                raise ValueError(f"{key!r} names both {index[key]!r} and {place_id!r}")
    return index


# -- libhxl: its untyped API stays in this section ------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Column:
    index: int
    tag: str
    attributes: frozenset[str]
    display: str
    header: str


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _is_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _clip(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _read_table(path: Path, content: bytes) -> tuple[list[_Column], list[tuple[int, list[str]]]]:
    """The tagged columns and the rows (spreadsheet row number, cell texts) of a CSV or XLSX sheet."""

    def fail(message: str) -> SheetError:
        return SheetError([SheetProblem(path, None, None, None, message)])

    expected = _FORMATS.get(path.suffix.lower())
    if expected is None:
        raise fail(f"not a 3W sheet: expected a {' or '.join(_FORMATS)} file")
    # libhxl sniffs the content, and would read any bytes that are not a workbook as CSV (text is
    # let through, to be told it holds CSV data).
    if expected == "XLSX" and not zipfile.is_zipfile(io.BytesIO(content)) and not _is_utf8(content):
        raise fail(f"{path.name} is not a valid XLSX workbook (an XLSX file is a zip archive; this is not one)")
    # libhxl is given the bytes already read, so that the checksum is of what it parsed.
    options = hxl.InputOptions(encoding="utf-8-sig")
    try:
        source = hxl.make_input(io.BytesIO(content), options)
    except Exception as err:  # libhxl lets csv, zipfile and xlrd errors through, of many types
        if expected == "XLSX":
            raise fail(f"{path.name} is not a valid XLSX workbook ({err})") from err
        raise fail(f"cannot read it as {expected}: {err}") from err
    found = cast(str, source.format)
    if found != expected:
        raise fail(f"the file holds {found} data, not {expected}")
    if found == "CSV":  # else libhxl would replace bad bytes silently
        try:
            content.decode("utf-8")
        except UnicodeDecodeError as err:
            line = content.count(b"\n", 0, err.start) + 1
            raise fail(f"not UTF-8 text (line {line}, byte {err.start}); save the sheet as 'CSV UTF-8'") from err
    try:
        with hxl.data(source) as dataset:
            raw_columns = cast(list[Any], dataset.columns)
            raw_rows = [(cast(int, r.source_row_number), cast(list[object], r.values)) for r in dataset]
    except hxl.input.HXLTagsNotFoundException as err:
        raise fail("no row of HXL hashtags (#org, #sector, ...) in the first 25 rows") from err
    except Exception as err:
        raise fail(f"cannot read it as {expected}: {err}") from err
    columns = [
        _Column(
            index=i,
            tag=cast(str, c.tag),
            attributes=frozenset(cast(list[str], c.attribute_list)),
            display=cast(str, c.display_tag),
            header=_text(c.header),
        )
        for i, c in enumerate(raw_columns)
        if c.tag
    ]
    if found == "XLSX":
        # libhxl reads a formula's cached value, or nothing when none was saved: never what the cell says.
        sheet_name = cast(str, source._sheet.name)
        by_index = {c.index: c for c in columns}
        formulas = [
            SheetProblem(
                path,
                row,
                by_index[column].display,
                by_index[column].header or None,
                f"cell {ref} of sheet {sheet_name!r} is a formula; 3W cells must hold values "
                "(copy the sheet and paste values only)",
            )
            for ref, row, column in _xlsx_formulas(path, content, sheet_name)
            if column in by_index
        ]
        if formulas:
            raise SheetError(formulas)
    # libhxl numbers rows from 0, counting the header rows.
    rows = [(number + 1, [_text(v) for v in values]) for number, values in raw_rows]
    return columns, rows


_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _xlsx_formulas(path: Path, content: bytes, sheet_name: str) -> list[tuple[str, int, int]]:
    """The cells of sheet `sheet_name` that hold a formula: (reference, row number, column index from 0)."""

    def parse(member: str) -> ET.Element:
        # Expat (2.4 and later) refuses entity-expansion bombs; xlrd parses these same parts with ElementTree.
        return ET.fromstring(archive.read(member))  # noqa: S314

    def relationships(member: str) -> dict[str, str]:
        folder, name = posixpath.split(member)
        rels = parse(posixpath.join(folder, "_rels", f"{name}.rels"))
        targets = {}
        for rel in rels:
            target = rel.get("Target", "")
            full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            targets[rel.get("Id", "")] = full
            targets[rel.get("Type", "").rpartition("/")[2]] = full
        return targets

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            workbook = relationships("")["officeDocument"]
            parts = relationships(workbook)
            sheet_ids = {
                s.get("name"): next((v for k, v in s.attrib.items() if _local(k) == "id"), "")
                for s in parse(workbook).iter()
                if _local(s.tag) == "sheet"
            }
            found = []
            with archive.open(parts[sheet_ids[sheet_name]]) as sheet:
                for _, cell in ET.iterparse(sheet):  # noqa: S314
                    if _local(cell.tag) != "c":
                        continue
                    if any(_local(child.tag) == "f" for child in cell):
                        match = _CELL_REF.fullmatch(cell.get("r", ""))
                        if match is not None:
                            letters, row = match.groups()
                            index = 0
                            for letter in letters:
                                index = index * 26 + ord(letter) - ord("A") + 1
                            found.append((match.group(), int(row), index - 1))
                    cell.clear()
            return found
    except (KeyError, ET.ParseError, zipfile.BadZipFile, OSError) as err:
        problem = SheetProblem(path, None, None, None, f"{path.name} is not a valid XLSX workbook ({err})")
        raise SheetError([problem]) from err


# -- the vocabulary of needs -------------------------------------------------------------------------


def _keys(text: str) -> list[str]:
    """`text` normalised whole, without its parenthesised parts, and each such part."""
    outer = _PARENTHESISED.sub(" ", text)
    return [k for k in dict.fromkeys(normalize(t) for t in (text, outer, *_PARENTHESISED.findall(text))) if k]


@dataclass(frozen=True, slots=True)
class _Needs:
    terms: Mapping[str, Term]
    by_key: Mapping[str, str]

    @classmethod
    def of(cls, ontology: Ontology) -> _Needs:
        terms = {t.id: t for t in ontology.vocabularies["migrant_needs"].terms}
        unknown = _SECTOR_SYNONYMS.keys() - terms.keys()
        if unknown:
            raise LoaderError(f"sector synonyms name needs that the vocabulary lacks: {sorted(unknown)}")
        by_key: dict[str, str] = {}
        for term in terms.values():
            for label in (term.id, term.es, term.en, *_SECTOR_SYNONYMS.get(term.id, ())):
                for key in _keys(label):
                    if by_key.setdefault(key, term.id) != term.id:
                        raise LoaderError(f"sector name {key!r} means both {by_key[key]} and {term.id}")
        return cls(terms, by_key)

    def describe(self, term_ids: Iterable[str]) -> str:
        return "; ".join(f"{self.terms[t].es} / {self.terms[t].en}" for t in term_ids) or "none; leave it empty"

    def children(self, parent: str) -> list[str]:
        return [t.id for t in self.terms.values() if t.parent == parent]

    def lookup(self, text: str, what: str, allowed: Iterable[str]) -> str:
        """The need that `text` names; ValueError saying what is allowed when none (or several) does."""
        matches = list(dict.fromkeys(self.by_key[k] for k in _keys(text) if k in self.by_key))
        if len(matches) > 1:
            raise ValueError(f"{what} {text!r} could mean {self.describe(matches)}: write one")
        if not matches:
            raise ValueError(f"unknown {what} {text!r} (allowed: {self.describe(allowed)})")
        return matches[0]


# -- dates, counts and places ------------------------------------------------------------------------

_DATE_FORMS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),
    (re.compile(r"(\d{4})-(\d{1,2})"), "ym"),
    (re.compile(r"(\d{1,2})/(\d{4})"), "my"),
    (re.compile(r"(\d{4})"), "y"),
)
_ISO_LENGTH = {3: 10, 2: 7, 1: 4}


def _parse_date(text: str) -> str:
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


def _span(iso: str) -> tuple[dt.date, dt.date]:
    """The first and last days of an ISO date at year, month or day precision."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        return dt.date(*parts), dt.date(*parts)
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def _parse_count(text: str) -> int:
    if text.isdigit():
        return int(text)
    if _GROUPED_COUNT.fullmatch(text):  # 1.250 or 1,250 or 1 250
        return int(re.sub(r"\D", "", text))
    raise ValueError(f"{text!r} is not a whole number of people")


def _place_lookup(places: Mapping[str, str], what: str) -> Callable[[str], str]:
    codes = ", ".join(sorted(k for k in places if k.isupper()))

    def lookup(text: str) -> str:
        found = places.get(text.upper()) or places.get(normalize(text))
        if found is None:
            raise ValueError(f"unknown {what} {text!r}: write its name or ISO code (known codes: {codes or 'none'})")
        return found

    return lookup


# -- rows ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Pattern:
    tag: str
    include: frozenset[str] = frozenset()
    exclude: frozenset[str] = frozenset()
    only: frozenset[str] | None = None

    def select(self, columns: Sequence[_Column]) -> tuple[_Column, ...]:
        return tuple(
            c
            for c in columns
            if c.tag == self.tag
            and self.include <= c.attributes
            and not self.exclude & c.attributes
            and (self.only is None or c.attributes <= self.only)
        )


_FIELDS = {
    "org": _Pattern("#org", exclude=frozenset({"acronym", "code", "type", "funder", "donor"})),
    "acronym": _Pattern("#org", include=frozenset({"acronym"})),
    "sector": _Pattern("#sector"),
    "subsector": _Pattern("#subsector"),
    "adm1": _Pattern("#adm1"),
    "country": _Pattern("#country"),
    "activity": _Pattern("#activity"),
    "start": _Pattern("#date", include=frozenset({"start"})),
    "end": _Pattern("#date", include=frozenset({"end"})),
    "date": _Pattern("#date", exclude=frozenset({"start", "end", "reported"})),
    "population": _Pattern("#population", only=_COUNT_ATTRIBUTES),
    "reached": _Pattern("#reached", only=_COUNT_ATTRIBUTES),
    "status": _Pattern("#status"),
}
_REQUIRED = ("org", "sector")


@dataclass(slots=True)
class _Row:
    """A sheet row being read; its problems go to the sheet's list."""

    path: Path
    number: int
    cells: list[str]
    columns: Mapping[str, tuple[_Column, ...]]
    problems: list[SheetProblem]

    def problem(self, column: _Column, message: str) -> None:
        self.problems.append(SheetProblem(self.path, self.number, column.display, column.header or None, message))

    def filled(self, key: str) -> list[tuple[_Column, str]]:
        cells = ((c, self.cells[c.index] if c.index < len(self.cells) else "") for c in self.columns[key])
        return [(c, text) for c, text in cells if text]

    def text(self, key: str) -> str | None:
        filled = self.filled(key)
        return filled[0][1] if filled else None

    def value(self, key: str, parse: Callable[[str], _T], *, agree: bool = False) -> _T | None:
        """`parse` of the first filled cell of field `key`, or None; every filled cell must parse (and agree)."""
        values: list[tuple[_Column, str, _T]] = []
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


def _need(row: _Row, needs: _Needs) -> str | None:
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


def _period(row: _Row) -> tuple[str | None, str | None]:
    start, end = row.value("start", _parse_date), row.value("end", _parse_date)
    if start is None and end is None:
        single = row.value("date", _parse_date)
        return single, single
    if start is not None and end is not None and _span(end)[1] < _span(start)[0]:
        row.problem(row.filled("end")[0][0], f"the activity ends ({end}) before it starts ({start})")
    return start, end


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
    table_columns, table_rows = _read_table(path, content)
    columns = {key: pattern.select(table_columns) for key, pattern in _FIELDS.items()}
    tag_row = table_rows[0][0] - 1 if table_rows else None
    tags = ", ".join(c.display for c in table_columns) or "none"
    missing = [
        SheetProblem(path, tag_row, _FIELDS[key].tag, None, f"no column has this hashtag (found: {tags})")
        for key in _REQUIRED
        if not columns[key]
    ]
    if missing:
        raise SheetError(missing)

    needs = _Needs.of(ontology or load_ontology())
    region_of, country_of = _place_lookup(places, "region"), _place_lookup(places, "country")
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
        row = _Row(path, number, cells, columns, problems)
        before = len(problems)
        read = {c.index: (c, text) for key in _FIELDS for c, text in row.filled(key)}
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
        need = _need(row, needs)
        region, country = row.value("adm1", region_of, agree=True), row.value("country", country_of, agree=True)
        valid_from, valid_to = _period(row)
        population, reached = row.value("population", _parse_count), row.value("reached", _parse_count)
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
