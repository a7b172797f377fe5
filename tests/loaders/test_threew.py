"""3W sheets read with libhxl: needs, places, organisations, dates, every problem at once."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from graph_api.model.text import normalize
from loaders.threew.sheet import (
    CoverageRow,
    SheetError,
    ThreeWSheet,
    coverage_key,
    places_index,
    read_3w,
)
from tests.conftest import REPO

SAMPLES = REPO / "samples" / "3w"
GOOD_CSV = SAMPLES / "peru-3w-2024.csv"
GOOD_XLSX = SAMPLES / "peru-3w-2024.xlsx"
BAD_CSV = SAMPLES / "peru-3w-bad.csv"
PLACES = REPO / "data" / "places-peru.yaml"
BUNDLED = REPO / "data" / "peru-mesa-migraciones.yaml"

Resolver = Callable[[str], str | None]


def bundled_resolver() -> Resolver:
    """A stand-in for the graph's alias lookup, over the bundled package's actors.

    Names, English names, aliases and acronyms match ignoring case and accents;
    like a lenient lookup, it also drops a trailing "del Perú" and tries each
    side of "Name - ACRONYM".
    """
    package = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    keys: dict[str, str] = {}
    for node in package["nodes"]:
        if node["label"] in {"Institution", "Program"}:
            for name in (node["name"], node.get("name_en"), node.get("acronym"), *node.get("aliases", ())):
                if name:
                    keys[normalize(name)] = node["id"]

    def resolve(name: str) -> str | None:
        key = normalize(name)
        for attempt in (key, key.removesuffix(" del peru"), *(normalize(part) for part in name.split(" - "))):
            if attempt in keys:
                return keys[attempt]
        return None

    return resolve


@pytest.fixture(scope="module")
def resolve() -> Resolver:
    return bundled_resolver()


@pytest.fixture(scope="module")
def places() -> dict[str, str]:
    regions = [n for n in yaml.safe_load(PLACES.read_text(encoding="utf-8"))["nodes"] if n["label"] == "Place"]
    entries = [(r["id"], r["iso_code"], [r["name"], r["name_en"], *r.get("aliases", ())]) for r in regions]
    return places_index([*entries, ("pe", "PE", ["Perú", "Peru", "PER"])])


@pytest.fixture(scope="module")
def good(resolve: Resolver, places: dict[str, str]) -> ThreeWSheet:
    return read_3w(GOOD_CSV, resolve_org=resolve, places=places)


def oracle(path: Path) -> dict[int, dict[str, str]]:
    """The sample's non-blank rows by spreadsheet row number, cells by hashtag (csv module, as a check)."""
    with path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))
    tags = records[1]
    return {n: dict(zip(tags, cells, strict=True)) for n, cells in enumerate(records, start=1) if n > 2 and cells}


HEAD = ["Organización", "Sector", "Subsector", "Región", "Inicio", "Fin", "Actividad"]
TAGS = ["#org", "#sector", "#subsector", "#adm1", "#date+start", "#date+end", "#activity"]


def write_sheet(tmp_path: Path, rows: list[list[str]], head: list[str] | None = HEAD, tags: list[str] = TAGS) -> Path:
    path = tmp_path / "sheet.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows([*([head] if head else []), tags, *rows])
    return path


def read(path: Path, places: dict[str, str]) -> ThreeWSheet:
    return read_3w(path, resolve_org=bundled_resolver(), places=places)


def problems_of(path: Path, places: dict[str, str]) -> list[str]:
    with pytest.raises(SheetError) as caught:
        read(path, places)
    return [str(p) for p in caught.value.problems]


# -- the samples ------------------------------------------------------------------------------------


def test_csv_and_xlsx_read_to_the_same_rows(good: ThreeWSheet, resolve: Resolver, places: dict[str, str]) -> None:
    xlsx = read_3w(GOOD_XLSX, resolve_org=resolve, places=places)
    assert xlsx.rows == good.rows and xlsx.candidates == good.candidates and xlsx.duplicates == good.duplicates
    assert good.checksum.startswith("sha256:") and xlsx.checksum != good.checksum
    assert len(good.rows) > 100 and len(good.candidates) >= 5
    # Rows count as a spreadsheet shows them: header row 1, hashtags row 2, a blank row 153.
    assert good.rows[0].row == 3
    assert 153 not in {r.row for r in good.rows} | {n for c in good.candidates for n in c.rows}


def test_every_sample_row_is_coverage_a_duplicate_or_a_candidate(good: ThreeWSheet, resolve: Resolver) -> None:
    rows = oracle(GOOD_CSV)
    assert len(rows) == 300
    known = {n for n, cells in rows.items() if resolve(cells["#org+name"]) or resolve(cells["#org+acronym"])}
    assert {r.row for r in good.rows} | {dropped for dropped, _ in good.duplicates} == known
    assert {n for c in good.candidates for n in c.rows} == rows.keys() - known
    assert len(good.rows) + len(good.duplicates) + sum(len(c.rows) for c in good.candidates) == 300
    assert {r.need_id for r in good.rows} >= {"health", "protection", "integration", "child-protection"}
    assert {p for r in good.rows for p in r.place_ids} >= {"pe-lim", "pe-are", "pe-tum", "pe-lal", "pe-cus", "pe"}


@pytest.mark.parametrize(
    ("spelling", "org_id"),
    [
        ("MINSA", "pe-minsa"),
        ("Ministerio de Salud del Perú", "pe-minsa"),
        ("Minsa", "pe-minsa"),
        ("Cancilleria", "pe-mre"),
        ("Defensoria del Pueblo", "pe-defensoria"),
        ("INEI", "pe-inei"),
        ("OIT", "int-ilo"),
        ("Sistema Integral de Salud - SIS", "pe-sis"),
    ],
)
def test_spelling_variants_resolve_to_bundled_actors(good: ThreeWSheet, spelling: str, org_id: str) -> None:
    by_row = {r.row: r for r in good.rows}
    kept_for = dict(good.duplicates)
    numbers = [n for n, cells in oracle(GOOD_CSV).items() if cells["#org+name"] == spelling]
    assert numbers, f"the sample has no row by {spelling!r}"
    assert {by_row[kept_for.get(n, n)].org_id for n in numbers} == {org_id}
    assert all(spelling not in c.spellings for c in good.candidates)


def test_unknown_organisations_become_candidates_with_their_rows(good: ThreeWSheet) -> None:
    names = {c.name for c in good.candidates}
    assert names >= {"OIM", "ACNUR", "Cruz Roja Peruana", "Plan International", "Encuentros SJS"}
    rows = oracle(GOOD_CSV)
    for candidate in good.candidates:
        assert candidate.rows == tuple(n for n, cells in rows.items() if cells["#org+name"] == candidate.name)
    oim = next(c for c in good.candidates if c.name == "OIM")
    assert oim.acronym == "OIM" and oim.spellings == ("OIM",)
    covered = {r.row for r in good.rows}
    assert not covered & {n for c in good.candidates for n in c.rows}


def test_the_bad_sheet_reports_every_bad_row(places: dict[str, str]) -> None:
    with pytest.raises(SheetError) as caught:
        read(BAD_CSV, places)
    problems = caught.value.problems
    assert [(p.row, p.column, p.header) for p in problems] == [
        (5, "#sector", "Sector"),
        (8, "#subsector", "Subsector"),
        (11, "#adm1+name", "Región"),
        (14, "#date+start", "Fecha de inicio"),
        (17, "#date+end", "Fecha de fin"),
        (20, "#org+name", "Organización"),
        (23, "#sector", "Sector"),
        (23, "#reached", "Personas alcanzadas"),
    ]
    lines = str(caught.value).splitlines()
    assert lines[0] == "8 problems found; nothing was imported"
    assert lines[1].startswith(f"{BAD_CSV}:row 5: column #sector (Sector): unknown sector 'Logística' (allowed: ")
    for line in (lines[1], lines[7]):
        assert "Salud / Health" in line and "Agua, saneamiento e higiene / Water, sanitation and hygiene" in line
    assert "'VBG' is not a sub-sector of Salud" in lines[2]
    assert "unknown region 'Chimbote'" in lines[3] and "PE-LIM" in lines[3]
    assert "'2024-02-30' is not a date" in lines[4]
    assert "ends (2024-03-15) before it starts (2024-06)" in lines[5]
    assert lines[6].endswith("(Organización): is empty; every row needs an organisation")
    assert "'mil' is not a whole number" in lines[8]


def test_reading_twice_gives_identical_results_and_asks_once_per_name(places: dict[str, str]) -> None:
    resolve = bundled_resolver()
    asked: list[str] = []

    def counting(name: str) -> str | None:
        asked.append(name)
        return resolve(name)

    first = read_3w(GOOD_CSV, resolve_org=counting, places=places)
    assert len(asked) == len(set(asked))
    assert read_3w(GOOD_CSV, resolve_org=counting, places=places) == first


def test_the_committed_samples_are_what_the_script_makes(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(SAMPLES / "make_sample.py"), str(tmp_path)], check=True, timeout=120)
    for name in ("peru-3w-2024.csv", "peru-3w-2024.xlsx", "peru-3w-bad.csv"):
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes(), name


# -- needs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sector", "subsector", "need"),
    [
        ("Salud", "", "health"),
        ("Health", "", "health"),
        ("SALUD", "", "health"),
        ("WASH", "", "wash"),
        ("Agua, saneamiento e higiene", "", "wash"),
        ("Agua, Saneamiento e Higiene (ASH)", "", "wash"),
        ("Seguridad Alimentaria", "", "food-security"),
        ("Food Security", "", "food-security"),
        ("food-security", "", "food-security"),
        ("Protección", "", "protection"),
        ("Protection", "", "protection"),
        ("Protección de la niñez", "", "child-protection"),
        ("Child Protection", "", "child-protection"),
        ("VBG", "", "gender-based-violence"),
        ("GBV", "", "gender-based-violence"),
        ("Trata y tráfico", "", "trafficking-and-smuggling"),
        ("Alojamiento", "", "shelter"),
        ("Shelter", "", "shelter"),
        ("Integración", "", "integration"),
        ("EDUCACION", "", "education"),
        ("Transporte humanitario", "", "humanitarian-transportation"),
        ("Nutrición", "", "nutrition"),
        ("Multipurpose Cash", "", "multipurpose-cash"),
        ("CVA", "", "multipurpose-cash"),
        ("Transferencias monetarias multipropósito", "", "multipurpose-cash"),
        ("Protección", "VBG", "gender-based-violence"),
        ("Protection", "Child Protection", "child-protection"),
        ("Protección", "Trata y tráfico de personas", "trafficking-and-smuggling"),
        ("Protección", "Protección general", "protection"),
        ("VBG", "GBV", "gender-based-violence"),
    ],
)
def test_sectors_map_to_needs(tmp_path: Path, places: dict[str, str], sector: str, subsector: str, need: str) -> None:
    path = write_sheet(tmp_path, [["MINSA", sector, subsector, "Lima", "2023", "2023", "x"]])
    [row] = read(path, places).rows
    assert row.need_id == need


@pytest.mark.parametrize(
    ("sector", "subsector", "column", "message"),
    [
        (
            "Salud",
            "Nutrición",
            "#subsector",
            "'Nutrición' is not a sub-sector of Salud (allowed: none; leave it empty)",
        ),
        (
            "Protección",
            "Salud mental",
            "#subsector",
            "unknown sub-sector 'Salud mental' (allowed: Protección de la niñez / Child protection; "
            "Violencia basada en género / Gender-based violence; "
            "Trata y tráfico de personas / Human trafficking and smuggling)",
        ),
        ("Salud (WASH)", "", "#sector", "sector 'Salud (WASH)' could mean Salud / Health; Agua, saneamiento"),
        ("", "", "#sector", "is empty; every row needs a sector"),
    ],
)
def test_unmappable_sectors_are_errors(
    tmp_path: Path, places: dict[str, str], sector: str, subsector: str, column: str, message: str
) -> None:
    path = write_sheet(tmp_path, [["MINSA", sector, subsector, "Lima", "2023", "2023", "x"]])
    [problem] = problems_of(path, places)
    header = HEAD[TAGS.index(column)]
    assert problem.startswith(f"{path}:row 3: column {column} ({header}): {message}")


# -- places, dates, counts ----------------------------------------------------------------------


def test_regions_by_name_or_code_and_countries(tmp_path: Path, places: dict[str, str]) -> None:
    tags = ["#org", "#sector", "#adm1+name", "#adm1+code", "#country+code"]
    rows = [
        ["MINSA", "Salud", "Arequipa", "", "PER"],
        ["MINSA", "Salud", "", "pe-cus", "PER"],
        ["MINSA", "Salud", "Cuzco", "PE-CUS", ""],
        ["MINSA", "Salud", "", "", "PER"],
        ["MINSA", "Salud", "", "", ""],
    ]
    sheet = read(write_sheet(tmp_path, rows, head=None, tags=tags), places)
    assert [r.place_ids for r in sheet.rows] == [("pe-are",), ("pe-cus",), ("pe",), ()]
    assert sheet.duplicates == ((4, 3),)


def test_unknown_or_disagreeing_places_are_errors(tmp_path: Path, places: dict[str, str]) -> None:
    tags = ["#org", "#sector", "#adm1+name", "#adm1+code", "#country+code"]
    rows = [["MINSA", "Salud", "Lima", "PE-ARE", "PER"], ["MINSA", "Salud", "Lima", "", "VEN"]]
    problems = problems_of(write_sheet(tmp_path, rows, head=None, tags=tags), places)
    # Without a header row, a problem names the hashtag alone.
    assert (
        problems[0] == f"{tmp_path / 'sheet.csv'}:row 2: column #adm1+code: 'PE-ARE' disagrees with #adm1+name 'Lima'"
    )
    assert problems[1].startswith(f"{tmp_path / 'sheet.csv'}:row 3: column #country+code: unknown country 'VEN'")
    assert len(problems) == 2


@pytest.mark.parametrize(
    ("start", "end", "period"),
    [
        ("2023-05-14", "2024-01-31", ("2023-05-14", "2024-01-31")),
        ("2023-05", "05/2023", ("2023-05", "2023-05")),
        ("2023-5-4", "2023", ("2023-05-04", "2023")),
        ("2023-05-20", "2023-05", ("2023-05-20", "2023-05")),
        ("2024", "", ("2024", None)),
        ("", "12/2024", (None, "2024-12")),
    ],
)
def test_dates_keep_their_precision(
    tmp_path: Path, places: dict[str, str], start: str, end: str, period: tuple[str | None, str | None]
) -> None:
    [row] = read(write_sheet(tmp_path, [["MINSA", "Salud", "", "Lima", start, end, "x"]]), places).rows
    assert (row.valid_from, row.valid_to) == period


@pytest.mark.parametrize(
    ("start", "end", "column", "message"),
    [
        (
            "14/5/23",
            "",
            "#date+start",
            "'14/5/23' is not a date: write YYYY-MM-DD, DD/MM/YYYY, YYYY-MM, MM/YYYY or YYYY",
        ),
        ("30/02/2023", "", "#date+start", "'30/02/2023' is not a date read day-first (day is out of range for month)"),
        ("mayo 2023", "", "#date+start", "'mayo 2023' is not a date"),
        ("2023-13", "", "#date+start", "'2023-13' is not a date (month must be in 1..12)"),
        ("2023-02-29", "", "#date+start", "'2023-02-29' is not a date (day is out of range for month)"),
        ("2024", "2023-12", "#date+end", "the activity ends (2023-12) before it starts (2024)"),
    ],
)
def test_bad_dates_are_errors(
    tmp_path: Path, places: dict[str, str], start: str, end: str, column: str, message: str
) -> None:
    path = write_sheet(tmp_path, [["MINSA", "Salud", "", "Lima", start, end, "x"]])
    [problem] = problems_of(path, places)
    assert problem.startswith(f"{path}:row 3: column {column} ({HEAD[TAGS.index(column)]}): {message}")


def test_a_single_date_counts_and_status(tmp_path: Path, places: dict[str, str]) -> None:
    tags = ["#org", "#sector", "#date", "#population", "#reached", "#reached+f", "#status"]
    rows = [["OIT", "Integración", "06/2024", "1.250", "1,040", "600", "En curso"]]
    [row] = read(write_sheet(tmp_path, rows, head=None, tags=tags), places).rows
    assert (row.valid_from, row.valid_to) == ("2024-06", "2024-06")
    assert (row.population, row.reached, row.status) == (1250, 1040, "En curso")
    assert row.org_id == "int-ilo" and row.place_ids == ()


# -- organisations and duplicates -------------------------------------------------------------------


def test_duplicates_collapse_whatever_the_spelling(tmp_path: Path, places: dict[str, str]) -> None:
    rows = [
        ["MINSA", "Salud", "", "Lima", "2023-05", "2023-12", "Vacunación de niñas y niños"],
        ["Ministerio de Salud", "Health", "", "PE-LIM", "05/2023", "12/2023", "VACUNACION DE NIÑAS Y NIÑOS"],
        ["MINSA", "Salud", "", "Lima", "2023-05", "2023-12", "Atención primaria"],
        ["MINSA", "Salud", "", "Lima", "2023-06", "2023-12", "Vacunación de niñas y niños"],
        ["MINSA", "Salud", "", "Arequipa", "2023-05", "2023-12", "Vacunación de niñas y niños"],
    ]
    sheet = read(write_sheet(tmp_path, rows), places)
    assert [r.row for r in sheet.rows] == [3, 5, 6, 7]
    assert sheet.duplicates == ((4, 3),)
    first = sheet.rows[0]
    twin = CoverageRow("pe-minsa", "health", ("pe-lim",), "vacunacion de ninas y ninos", "2023-05", "2023-12", 4)
    assert coverage_key(twin) == coverage_key(first)


def test_the_acronym_resolves_when_the_name_does_not(tmp_path: Path, places: dict[str, str]) -> None:
    tags = ["#org+name", "#org+acronym", "#sector"]
    rows = [["Ministerio de Salud Pública", "MINSA", "Salud"], ["Seguro Integral", "", "Salud"]]
    sheet = read(write_sheet(tmp_path, rows, head=None, tags=tags), places)
    assert [r.org_id for r in sheet.rows] == ["pe-minsa"]
    [candidate] = sheet.candidates
    assert (candidate.name, candidate.rows, candidate.acronym) == ("Seguro Integral", (3,), None)


# -- whole-sheet problems ---------------------------------------------------------------------------


def test_a_sheet_without_required_hashtags(tmp_path: Path, places: dict[str, str]) -> None:
    path = write_sheet(tmp_path, [["MINSA", "Lima"]], head=["Org", "Región"], tags=["#org", "#adm1"])
    assert problems_of(path, places) == [
        f"{path}:row 2: column #sector: no column has this hashtag (found: #org, #adm1)"
    ]


def test_a_sheet_without_hashtags(tmp_path: Path, places: dict[str, str]) -> None:
    path = write_sheet(tmp_path, [["MINSA", "Salud"]], head=None, tags=["Organización", "Sector"])
    assert problems_of(path, places) == [f"{path}: no row of HXL hashtags (#org, #sector, ...) in the first 25 rows"]


def test_a_bom_and_a_header_less_sheet(tmp_path: Path, places: dict[str, str]) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("#org,#sector\nMINSA,Salud\n".encode("utf-8-sig"))
    [row] = read(path, places).rows
    assert (row.org_id, row.need_id, row.row) == ("pe-minsa", "health", 2)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("sheet.txt", b"#org,#sector\n", "not a 3W sheet: expected a .csv or .xlsx file"),
        ("sheet.csv", "#org,#sector\nDefensoría,Protección\n".encode("cp1252"), "not UTF-8 text (line 2, byte 21)"),
        ("sheet.xlsx", b"#org,#sector\n", "the file holds CSV data, not XLSX"),
        ("sheet.csv", GOOD_XLSX.read_bytes(), "the file holds XLSX data, not CSV"),
    ],
)
def test_files_that_are_not_sheets(
    tmp_path: Path, places: dict[str, str], name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    [problem] = problems_of(path, places)
    assert problem.startswith(f"{path}: {message}")


def test_a_missing_file(tmp_path: Path, places: dict[str, str]) -> None:
    [problem] = problems_of(tmp_path / "nowhere.csv", places)
    assert problem.startswith(f"{tmp_path / 'nowhere.csv'}: cannot read the file")


# -- the regions ------------------------------------------------------------------------------------


def test_the_regions_file_and_places_index(places: dict[str, str]) -> None:
    regions = [n for n in yaml.safe_load(PLACES.read_text(encoding="utf-8"))["nodes"] if n["label"] == "Place"]
    assert len(regions) == 26
    assert all(r["id"] == "pe-" + r["iso_code"].removeprefix("PE-").lower() for r in regions)
    bundled = {n["id"] for n in yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))["nodes"]}
    assert not bundled & {r["id"] for r in regions}
    assert places["PE-LIM"] == places["lima"] == "pe-lim"
    assert places["lima metropolitana"] == places["PE-LMA"] == "pe-lma"
    assert places["ancash"] == "pe-anc" and places["cuzco"] == "pe-cus" and places["san martin"] == "pe-sam"
    with pytest.raises(ValueError, match="'lima' names both 'pe-lim' and 'pe-lma'"):
        places_index([("pe-lim", "PE-LIM", ["Lima"]), ("pe-lma", "PE-LMA", ["Lima"])])
