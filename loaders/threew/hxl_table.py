"""A CSV or XLSX sheet read with libhxl into its tagged columns and rows of cell texts; XLSX formulas refused.

libhxl's untyped API stays in this module.
"""

from __future__ import annotations

import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import hxl  # type: ignore[import-untyped]

from loaders.threew.records import SheetError, SheetProblem

__all__ = ["Column", "read_table"]

_FORMATS = {".csv": "CSV", ".xlsx": "XLSX"}


@dataclass(frozen=True, slots=True)
class Column:
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


def read_table(path: Path, content: bytes) -> tuple[list[Column], list[tuple[int, list[str]]]]:
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
        Column(
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
