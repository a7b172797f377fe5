"""Issue 13: the 3W importer called random bytes named .xlsx a CSV problem, and formula cells "empty".

Workbooks here are real ones, written by openpyxl.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from loaders.threew.sheet import SheetError, ThreeWSheet, read_3w
from tests.loaders.test_threew import bundled_resolver
from tests.reliability.test_closed_server import run

HEAD = ["Organización", "Sector", "Región", "Actividad"]
TAGS = ["#org", "#sector", "#adm1", "#activity"]
PLACES = {"PE-LIM": "pe-lim", "lima": "pe-lim"}


def workbook(path: Path, rows: list[list[object]], *, before: list[list[object]] | None = None) -> Path:
    """An XLSX file of HEAD, TAGS and `rows` (a string starting with = is a formula, as in Excel);
    with `before`, a sheet without hashtags comes first."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    if before is not None:
        sheet.title = "Resumen"
        for row in before:
            sheet.append(row)
        sheet = book.create_sheet("3W")
    else:
        sheet.title = "3W"
    for cells in [HEAD, TAGS, *rows]:
        sheet.append(cells)
    book.save(path)
    return path


def read(path: Path) -> ThreeWSheet:
    return read_3w(path, resolve_org=bundled_resolver(), places=PLACES)


def problems_of(path: Path) -> list[str]:
    with pytest.raises(SheetError) as caught:
        read(path)
    return [str(p) for p in caught.value.problems]


def test_a_plain_workbook_reads(tmp_path: Path) -> None:
    path = workbook(tmp_path / "ok.xlsx", [["Ministerio de Salud", "Salud", "Lima", "Atención primaria"]])
    [row] = read(path).rows
    assert (row.org_id, row.need_id, row.place_ids, row.activity, row.row) == (
        "pe-minsa",
        "health",
        ("pe-lim",),
        "Atención primaria",
        3,
    )


def test_formula_cells_are_named_as_formulas_and_refused(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "formulas.xlsx",
        [
            ["Ministerio de Salud", "Salud", "Lima", '=HYPERLINK("http://x","y")'],
            ['=CONCAT("Ministerio ","de Salud")', "Salud", "Lima", "Vacunación"],
            ["Ministerio de Salud", "Salud", "Lima", "Atención primaria"],
        ],
    )
    assert problems_of(path) == [
        f"{path}:row 3: column #activity (Actividad): cell D3 of sheet '3W' is a formula; 3W cells must hold "
        "values (copy the sheet and paste values only)",
        f"{path}:row 4: column #org (Organización): cell A4 of sheet '3W' is a formula; 3W cells must hold "
        "values (copy the sheet and paste values only)",
    ]


def test_text_that_starts_like_a_formula_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "text.xlsx", [["Ministerio de Salud", "Salud", "Lima", "x"]])
    book = openpyxl.load_workbook(path)
    cell = book["3W"]["D3"]
    cell.value, cell.data_type = "@SUM(1+1)", "s"  # a text cell, as Excel keeps '@SUM(1+1)
    book.save(path)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:row 3: column #activity (Actividad): '@SUM(1+1)' starts with '@'")


def test_formulas_on_a_sheet_the_importer_does_not_read_do_not_count(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "summary.xlsx",
        [["Ministerio de Salud", "Salud", "Lima", "Atención primaria"]],
        before=[["Total de actividades"], ["=COUNTA('3W'!A3:A100)"]],
    )
    assert len(read(path).rows) == 1


@pytest.mark.parametrize(
    "content",
    [os.urandom(4096), b"PK\x03\x04" + os.urandom(600)],
    ids=["random bytes", "a broken zip"],
)
def test_bytes_that_are_no_workbook_are_not_a_valid_xlsx_workbook(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(b"\xff\xfe" + content)  # never UTF-8 text
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}: sheet.xlsx is not a valid XLSX workbook")
    assert "CSV" not in problem


def test_a_zip_that_is_no_workbook_is_not_a_valid_xlsx_workbook(tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hola")
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}: archive.xlsx is not a valid XLSX workbook")


def test_the_command_refuses_formulas_and_writes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "graph.db"
    path = workbook(tmp_path / "formulas.xlsx", [["Ministerio de Salud", "=1+1", "Lima", "x"]])
    env = {"MIGRAGRAPH_STORE": str(store)}
    refused = run("import-3w", str(path), cwd=tmp_path, env=env)
    assert refused.returncode == 1
    assert f"{path}:row 3: column #sector (Sector): cell B3 of sheet '3W' is a formula" in refused.stderr
    random = tmp_path / "random.xlsx"
    random.write_bytes(b"\xff" + os.urandom(2048))
    refused = run("import-3w", str(random), cwd=tmp_path, env=env)
    assert refused.returncode == 1
    assert f"{random}: random.xlsx is not a valid XLSX workbook" in refused.stderr
    assert not store.exists()
