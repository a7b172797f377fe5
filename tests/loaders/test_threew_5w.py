"""5W sheets as Peruvian and Colombian partners write them, read with libhxl: day-first dates decided per sheet,
the reporting organisation and its implementing partner, abbreviated names, OCHA p-codes and provinces."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from loaders.threew.sheet import DateOrder, Places, SheetError, ThreeWSheet, places_index, read_3w
from tests.conftest import REPO
from tests.loaders.test_threew import bundled_resolver

DATA = REPO / "data"


@pytest.fixture(scope="module")
def places() -> Places:
    nodes = [
        n
        for name in ("places-peru.yaml", "places-peru-provinces.yaml")
        for n in yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["nodes"]
        if n["label"] == "Place"
    ]
    relationships = yaml.safe_load((DATA / "places-peru-provinces.yaml").read_text(encoding="utf-8"))["relationships"]

    def entries(province: bool) -> list[tuple[str, list[str], list[str]]]:
        return [
            (n["id"], [c for c in (n.get("iso_code"), n.get("pcode")) if c], [n["name"], *n.get("aliases", ())])
            for n in nodes
            if (n["place_type"] == "province") == province
        ]

    return Places(
        regions=places_index([*entries(False), ("pe", ["PE"], ["Perú", "PER"])]),
        provinces=places_index(entries(True)),
        parent={r["from"]: r["to"] for r in relationships},
        pcode={n["id"]: n["pcode"] for n in nodes if n.get("pcode")},
    )


HEAD = ["#org+name", "#sector", "#adm1+code", "#date+start", "#date+end"]


def sheet(tmp_path: Path, rows: list[list[str]], tags: list[str] = HEAD) -> Path:
    path = tmp_path / "5w.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([tags, *rows])
    return path


def read(path: Path, places: Places, **options: object) -> ThreeWSheet:
    return read_3w(path, resolve_org=bundled_resolver(), places=places, **options)  # type: ignore[arg-type]


def problems(path: Path, places: Places, **options: object) -> list[str]:
    with pytest.raises(SheetError) as caught:
        read(path, places, **options)
    return [str(p) for p in caught.value.problems]


def test_a_sheet_with_a_day_over_12_is_read_day_first(tmp_path: Path, places: Places) -> None:
    rows = [["MINSA", "Salud", "PE24", "05/06/2024", "14/06/2024"], ["MINEDU", "Educación", "PE15", "01/02/2024", ""]]
    read_sheet = read(sheet(tmp_path, rows), places)
    assert [(r.valid_from, r.valid_to) for r in read_sheet.rows] == [("2024-06-05", "2024-06-14"), ("2024-02-01", None)]
    assert read_sheet.date_order == "day-first"


def test_a_sheet_with_a_month_field_over_12_is_read_month_first(tmp_path: Path, places: Places) -> None:
    rows = [["MINSA", "Salud", "PE24", "05/06/2024", "06/14/2024"]]
    [row] = read(sheet(tmp_path, rows), places).rows
    assert (row.valid_from, row.valid_to) == ("2024-05-06", "2024-06-14")


def test_an_ambiguous_sheet_is_refused_unless_told(tmp_path: Path, places: Places) -> None:
    path = sheet(tmp_path, [["MINSA", "Salud", "PE24", "05/06/2024", "07/08/2024"]])
    [start, end] = problems(path, places)
    assert "row 2: column #date+start: '05/06/2024' could be day-first or month-first" in start
    assert "--date-order day-first or month-first" in start and "'07/08/2024'" in end
    [told] = read(path, places, date_order=DateOrder.MONTH_FIRST).rows
    assert (told.valid_from, told.valid_to) == ("2024-05-06", "2024-07-08")
    # The same day and month either way is no ambiguity.
    same = read(sheet(tmp_path, [["MINSA", "Salud", "PE24", "05/05/2024", ""]]), places)
    assert same.rows[0].valid_from == "2024-05-05"


def test_a_sheet_writing_both_orders_is_refused(tmp_path: Path, places: Places) -> None:
    rows = [["MINSA", "Salud", "PE24", "14/05/2024", ""], ["MINEDU", "Educación", "PE15", "05/14/2024", ""]]
    found = problems(sheet(tmp_path, rows), places)
    assert any(
        "row 3: column #date+start: this sheet writes dates day-first (row 2: '14/05/2024') and month-first "
        "(row 3: '05/14/2024')" in p
        for p in found
    )


def test_a_sheet_told_its_order_reads_every_date_that_way(tmp_path: Path, places: Places) -> None:
    rows = [["MINSA", "Salud", "PE24", "14/05/2024", ""], ["MINEDU", "Educación", "PE15", "05/14/2024", ""]]
    # Told day-first, the month-first date is what is wrong, and the only problem.
    [problem] = problems(sheet(tmp_path, rows), places, date_order=DateOrder.DAY_FIRST)
    assert "row 3: column #date+start: '05/14/2024' is not a date read day-first" in problem


def test_places_by_p_code_and_iso_code_and_provinces(tmp_path: Path, places: Places) -> None:
    tags = ["#org", "#sector", "#adm1+code", "#adm2+code", "#adm2+name"]
    rows = [
        ["MINSA", "Salud", "PE24", "PE2403", ""],
        ["SIS", "Salud", "PE-TUM", "", "Zarumilla"],
        ["MINEDU", "Educación", "PE15", "PE1501", ""],
        ["MINEDU", "Protección", "PE-LMA", "PE1501", ""],
        ["MTPE", "Integración", "PE15", "", ""],
    ]
    read_rows = read(sheet(tmp_path, rows, tags), places).rows
    # OCHA's PE15 (Lima) holds the province PE1501, which ISO 3166-2 puts in Metropolitan Lima (PE-LMA).
    assert [r.place_ids for r in read_rows] == [
        ("pe-tum-zarumilla",),
        ("pe-tum-zarumilla",),
        ("pe-lma-lima",),
        ("pe-lma-lima",),
        ("pe-lim",),
    ]


def test_a_province_outside_its_region_is_an_error(tmp_path: Path, places: Places) -> None:
    tags = ["#org", "#sector", "#adm1+code", "#adm2+code"]
    [problem] = problems(sheet(tmp_path, [["MINSA", "Salud", "PE04", "PE2403"]], tags), places)
    assert "row 2: column #adm2+code: the province 'PE2403' does not lie in the row's region 'PE04'" in problem


def test_the_reporting_organisation_and_its_implementing_partner(tmp_path: Path, places: Places) -> None:
    # The partner's column comes first: it is still the partner, and the reporting organisation is the actor.
    tags = ["#org+impl", "#org+impl+acronym", "#org+name", "#org+acronym", "#sector", "#org+id"]
    rows = [
        ["Min. de Trabajo y Promoción del Empleo", "", "Organización Internacional del Trabajo", "", "Integración", ""],
        ["", "SIS", "Min. de Salud", "", "Salud", ""],
        ["Fundación Desconocida", "", "", "", "Educación", "pe-minsa"],
    ]
    read_sheet = read(sheet(tmp_path, rows, tags), places, resolve_id={"pe-minsa": "pe-minsa"}.get)
    assert [(r.org_id, r.implementer_id) for r in read_sheet.rows] == [
        ("int-ilo", "pe-mtpe"),
        ("pe-minsa", "pe-sis"),
        ("pe-minsa", None),
    ]
    assert [c.name for c in read_sheet.candidates] == ["Fundación Desconocida"]


def test_an_org_id_column_names_the_actor(tmp_path: Path, places: Places) -> None:
    tags = ["#org+name", "#org+id", "#sector"]
    rows = [["Nombre que nadie conoce", "pe-minsa", "Salud"]]
    resolve_id = {"pe-minsa": "pe-minsa"}.get
    [row] = read(sheet(tmp_path, rows, tags), places, resolve_id=resolve_id).rows
    assert row.org_id == "pe-minsa"


def test_figures_text_and_ignored_columns(tmp_path: Path, places: Places) -> None:
    tags = ["#org", "#sector", "#targeted", "#reached", "#reached+f", "#beneficiary", "#status", "#org+funder"]
    rows = [["MINSA", "Salud", "1.500", "1,120", "600", "Refugiados y migrantes", "En curso", "Fondo"]]
    read_sheet = read(sheet(tmp_path, rows, tags), places)
    [row] = read_sheet.rows
    assert (row.targeted, row.reached, row.beneficiaries, row.status) == (
        1500,
        1120,
        "Refugiados y migrantes",
        "En curso",
    )
    assert read_sheet.ignored == ("#reached+f", "#org+funder")


def test_unresolved_names_come_with_the_closest_known_ones(tmp_path: Path, places: Places) -> None:
    tags = ["#org", "#sector"]
    rows = [["Ministero de Salud Publica", "Salud"], ["Gob. Reg. de Tumbes", "Salud"]]
    known = ["Ministerio de Salud", "Ministerio del Interior", "Defensoría del Pueblo"]
    candidates = read(sheet(tmp_path, rows, tags), places, known_names=known).candidates
    assert [(c.name, c.rows, c.closest[:1]) for c in candidates] == [
        ("Ministero de Salud Publica", (2,), ("Ministerio de Salud",)),
        ("Gob. Reg. de Tumbes", (3,), ()),
    ]
