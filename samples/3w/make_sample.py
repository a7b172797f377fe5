"""Make the sample 3W ("who does what where") sheets in this folder.

    python samples/3w/make_sample.py [OUT_DIR]

writes, into OUT_DIR (default: this folder):

- peru-3w-2024.csv: 300 activities of 2023-2024 in Peru, a human header row
  over a row of HXL hashtags, one blank row half-way down;
- peru-3w-2024.xlsx: the same cells as a workbook (dates at day precision and
  counts as typed cells), to prove that XLSX reads to the same rows;
- peru-3w-bad.csv: a short sheet of the same kind with a handful of bad rows
  at fixed places (see BAD_ROWS).

The activities are invented but shaped like R4V partners' sheets: actors of
the bundled graph spelled the ways partners spell them, organisations that
are not in the graph, sectors in Spanish and English, protection sub-sectors,
regions by name and by ISO 3166-2 code, dates in several forms, and a few
activities reported twice. The output is the same on every run: the data
come from random.Random(2024) and the workbook's timestamps are fixed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import sys
import zipfile
from pathlib import Path

import openpyxl

HEADERS = (
    ("Organización", "#org+name"),
    ("Siglas", "#org+acronym"),
    ("Sector", "#sector"),
    ("Subsector", "#subsector"),
    ("País", "#country+code"),
    ("Región", "#adm1+name"),
    ("Código de región", "#adm1+code"),
    ("Actividad", "#activity"),
    ("Fecha de inicio", "#date+start"),
    ("Fecha de fin", "#date+end"),
    ("Población meta", "#population"),
    ("Personas alcanzadas", "#reached"),
    ("Estado", "#status"),
)
KEYS = ("org", "acronym", "sector", "subsector", "country", "region", "code", "activity", "start", "end")
KEYS += ("population", "reached", "status")

# (spellings, acronyms seen beside them, needs); "protection/x" is a sub-need of protection.
ORGS = (
    (("MINSA", "Ministerio de Salud del Perú", "Minsa", "Ministerio de Salud"), ("", "MINSA"), ("health", "nutrition")),
    (("Sistema Integral de Salud - SIS", "SIS"), ("",), ("health",)),
    (("Cancilleria", "Cancillería", "Ministerio de Relaciones Exteriores"), ("", "RREE"), ("protection",)),
    (("Defensoria del Pueblo", "Defensoría del Pueblo"), ("",), ("protection", "protection/child-protection")),
    (("INEI",), ("",), ("integration",)),
    (("OIT", "Organización Internacional del Trabajo"), ("", "OIT"), ("integration",)),
    (("Ministerio de Trabajo", "MTPE"), ("",), ("integration",)),
    (("MINEDU", "Ministerio de Educación"), ("",), ("education",)),
    (("Ministerio del Interior",), ("MININTER",), ("protection/trafficking-and-smuggling",)),
    (
        ("OIM",),
        ("OIM",),
        ("humanitarian-transportation", "shelter", "multipurpose-cash", "protection/trafficking-and-smuggling"),
    ),
    (("ACNUR",), ("ACNUR",), ("protection", "shelter", "multipurpose-cash", "integration")),
    (("Cruz Roja Peruana",), ("", "CRP"), ("health", "wash", "multipurpose-cash")),
    (("Plan International",), ("",), ("protection/child-protection", "education", "protection/gender-based-violence")),
    (("Encuentros SJS",), ("",), ("protection", "shelter", "integration")),
    (("UNICEF",), ("",), ("wash", "nutrition", "education", "protection/child-protection")),
    (("Programa Mundial de Alimentos",), ("PMA",), ("food-security", "multipurpose-cash")),
    (("HIAS Perú",), ("HIAS",), ("protection/gender-based-violence", "integration")),
)
ORG_WEIGHTS = (14, 6, 6, 6, 3, 6, 5, 6, 4, 12, 12, 8, 6, 6, 8, 6, 5)

SECTORS = {
    "health": ("Salud", "Health", "SALUD"),
    "nutrition": ("Nutrición", "Nutrition"),
    "protection": ("Protección", "Protection", "Proteccion"),
    "integration": ("Integración", "Integration", "Integración socioeconómica"),
    "education": ("Educación", "Education"),
    "humanitarian-transportation": ("Transporte humanitario", "Humanitarian Transportation"),
    "shelter": ("Alojamiento", "Shelter"),
    "multipurpose-cash": ("Multipurpose Cash", "CVA", "Transferencias monetarias multipropósito"),
    "wash": ("WASH", "Agua, saneamiento e higiene", "Agua, Saneamiento e Higiene (ASH)"),
    "food-security": ("Seguridad Alimentaria", "Food Security"),
    "child-protection": ("Protección de la niñez", "Child Protection"),
    "gender-based-violence": ("VBG", "GBV", "Violencia basada en género"),
    "trafficking-and-smuggling": ("Trata y tráfico", "Trata y tráfico de personas"),
}

ACTIVITIES = {
    "health": (
        "Atención médica primaria a población refugiada y migrante",
        "Vacunación de niñas y niños migrantes",
        "Salud mental y apoyo psicosocial",
        "Campaña de despistaje de VIH y tuberculosis",
    ),
    "nutrition": ("Tamizaje nutricional de menores de 5 años", "Suplementación con micronutrientes"),
    "protection": (
        "Orientación legal sobre regularización migratoria",
        "Acompañamiento en el trámite del Carné de Permiso Temporal de Permanencia",
        "Gestión de casos de protección",
        "Monitoreo de protección en frontera",
    ),
    "child-protection": (
        "Espacios amigables para niñas, niños y adolescentes",
        "Gestión de casos de niñez no acompañada o separada",
    ),
    "gender-based-violence": (
        "Atención a sobrevivientes de violencia basada en género",
        "Espacios seguros para mujeres y niñas",
    ),
    "trafficking-and-smuggling": (
        "Identificación y derivación de víctimas de trata",
        "Capacitación a operadores de justicia sobre trata y tráfico de migrantes",
    ),
    "integration": (
        "Inserción laboral y bolsa de empleo",
        "Capacitación en emprendimiento",
        "Convalidación de títulos profesionales",
        "Campaña contra la xenofobia",
    ),
    "education": ("Matrícula escolar de niñas y niños migrantes", "Nivelación escolar", "Entrega de útiles escolares"),
    "humanitarian-transportation": (
        "Transporte humanitario desde la frontera norte",
        "Traslado de familias a su ciudad de destino",
    ),
    "shelter": ("Alojamiento temporal en albergues", "Apoyo para el pago de alquiler", "Entrega de kits de hábitat"),
    "multipurpose-cash": ("Transferencias monetarias multipropósito", "Bono de efectivo para necesidades básicas"),
    "wash": ("Distribución de kits de higiene", "Instalación de puntos de agua segura en albergues"),
    "food-security": ("Entrega de canastas de alimentos", "Comedores para caminantes", "Vales de alimentos"),
}
# What some organisations do rather than their sector's usual activities, and whether nationwide.
OWN_ACTIVITIES = {
    "INEI": ("Encuesta dirigida a la población venezolana que reside en el país (ENPOVE)", True),
    "Sistema Integral de Salud - SIS": ("Afiliación temporal al SIS de gestantes y menores de 5 años migrantes", False),
    "Cancilleria": ("Otorgamiento de la calidad migratoria humanitaria", True),
}

# (ISO 3166-2 code, spellings, weight)
REGIONS = (
    ("PE-LIM", ("Lima", "LIMA"), 24),
    ("PE-LMA", ("Lima Metropolitana",), 8),
    ("PE-CAL", ("Callao", "El Callao"), 6),
    ("PE-ARE", ("Arequipa",), 7),
    ("PE-TUM", ("Tumbes",), 9),
    ("PE-LAL", ("La Libertad",), 7),
    ("PE-PIU", ("Piura",), 6),
    ("PE-CUS", ("Cusco", "Cuzco"), 4),
    ("PE-TAC", ("Tacna",), 6),
    ("PE-LAM", ("Lambayeque",), 4),
    ("PE-ICA", ("Ica",), 3),
)

ROWS = 300
REPEATS = 10  # activities reported a second time, spelled differently
BLANK_AFTER = 150

# Bad rows of peru-3w-bad.csv: (index among its data rows, cells to change). Row n of
# the sheet is index n - 3. The last one has two problems and an unknown organisation.
BAD_ROWS = (
    (2, {"sector": "Logística", "subsector": ""}),
    (5, {"sector": "Salud", "subsector": "VBG"}),
    (8, {"region": "Chimbote", "code": ""}),
    (11, {"start": "2024-02-30"}),
    (14, {"start": "2024-06", "end": "2024-03-15"}),
    (17, {"org": "", "acronym": ""}),
    (20, {"org": "Cruz Roja Peruana", "sector": "Salud mental", "subsector": "", "reached": "mil"}),
)
BAD_GOOD_ROWS = 18

FIXED_TIME = dt.datetime(2024, 12, 31)


def _date(day: dt.date, precision: str, rng: random.Random) -> str:
    if precision == "year":
        return str(day.year)
    if precision == "day":
        return day.isoformat()
    return f"{day.year}-{day.month:02d}" if rng.random() < 0.5 else f"{day.month:02d}/{day.year}"


def _period(rng: random.Random) -> tuple[str, str, dt.date | None]:
    """Start and end cells, and the last day (None: still going on)."""
    if rng.random() < 0.1:
        year = rng.choice((2023, 2024))
        last = dt.date(year, 12, 31)
        if rng.random() < 0.5:
            return str(year), str(year), last
        return f"{year}-01-01", last.isoformat(), last
    first = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(0, 640))
    last = min(first + dt.timedelta(days=rng.randrange(30, 365)), dt.date(2024, 12, 31))
    precision = rng.choice(("day", "day", "month"))
    if rng.random() < 0.1:
        return _date(first, precision, rng), "", None
    return _date(first, precision, rng), _date(last, precision, rng), last


def _count(value: int, rng: random.Random) -> str:
    if value >= 1000 and rng.random() < 0.4:
        return f"{value:,}".replace(",", rng.choice((",", ".")))
    return str(value)


def make_row(rng: random.Random) -> dict[str, str]:
    """One activity, as the cells of a row."""
    spellings, acronyms, needs = rng.choices(ORGS, weights=ORG_WEIGHTS)[0]
    org = rng.choice(spellings)
    need = rng.choice(needs)
    sector, _, sub = need.partition("/")
    if sub and rng.random() < 0.4:  # the sub-need written as the sector
        sector_text, subsector_text = rng.choice(SECTORS[sub]), ""
    else:
        sector_text = rng.choice(SECTORS[sector])
        subsector_text = rng.choice(SECTORS[sub]) if sub else ""
        if sector == "protection" and not sub and rng.random() < 0.15:
            subsector_text = "Protección general"
    activity = rng.choice(ACTIVITIES[sub or sector])
    code, names, _ = rng.choices(REGIONS, weights=[w for *_, w in REGIONS])[0]
    own = OWN_ACTIVITIES.get(org)
    if own is not None and rng.random() < 0.6:
        activity, nationwide = own
        if nationwide:
            code, names = "", ("",)
    region = rng.choice(names)
    style = rng.random()
    if code and style < 0.35:
        region = ""
    elif code and style < 0.55:
        code = ""
    start, end, last = _period(rng)
    population = rng.randrange(50, 5000, 10)
    reached = rng.randrange(0, population + 1)
    status = "En curso" if last is None or last >= dt.date(2024, 7, 1) else "Completado"
    return {
        "org": org,
        "acronym": rng.choice(acronyms),
        "sector": sector_text,
        "subsector": subsector_text,
        "country": "PER",
        "region": region,
        "code": code,
        "activity": activity,
        "start": start,
        "end": end,
        "population": _count(population, rng),
        "reached": _count(reached, rng),
        "status": status,
    }


def respell(row: dict[str, str], rng: random.Random) -> dict[str, str]:
    """The same activity reported again: the same ids, perhaps other spellings."""
    again = dict(row)
    for spellings, *_ in ORGS:
        if row["org"] in spellings:
            again["org"] = rng.choice(spellings)
    for spellings in SECTORS.values():
        if row["sector"] in spellings:
            again["sector"] = rng.choice(spellings)
    again["activity"] = row["activity"].upper() if rng.random() < 0.5 else row["activity"]
    again["reached"] = str(rng.randrange(0, 50))
    return again


def sample_rows(rng: random.Random) -> list[dict[str, str]]:
    rows = [make_row(rng) for _ in range(ROWS - REPEATS)]
    for _ in range(REPEATS):
        original = rng.randrange(len(rows))
        rows.insert(rng.randrange(original + 1, len(rows) + 1), respell(rows[original], rng))
    return rows


def bad_rows(rng: random.Random) -> list[dict[str, str]]:
    rows = [make_row(rng) for _ in range(BAD_GOOD_ROWS)]
    for index, changes in BAD_ROWS:
        rows.insert(index, {**make_row(rng), **changes})
    return rows


def write_csv(path: Path, rows: list[dict[str, str] | None]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(h for h, _ in HEADERS)
        writer.writerow(t for _, t in HEADERS)
        for row in rows:
            writer.writerow([row[k] for k in KEYS] if row else [])


def _cell(key: str, text: str) -> object:
    if not text:
        return None
    if key in {"population", "reached"}:
        return int(re.sub(r"\D", "", text))
    if key in {"start", "end"} and len(text) == 10:
        return dt.date.fromisoformat(text)
    return text


def write_xlsx(path: Path, rows: list[dict[str, str] | None]) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "3W"
    sheet.append([h for h, _ in HEADERS])
    sheet.append([t for _, t in HEADERS])
    for row in rows:
        sheet.append([_cell(k, row[k]) for k in KEYS] if row else [])
    for cells in sheet.iter_rows(min_row=3):
        for cell in cells:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    workbook.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    # openpyxl stamps the save time into docProps/core.xml and the zip entries; fix both.
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            target.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME.timetuple()[:6]), data, zipfile.ZIP_DEFLATED)


def main(out: Path) -> None:
    rng = random.Random(2024)
    rows: list[dict[str, str] | None] = list(sample_rows(rng))
    rows.insert(BLANK_AFTER, None)
    write_csv(out / "peru-3w-2024.csv", rows)
    write_xlsx(out / "peru-3w-2024.xlsx", rows)
    write_csv(out / "peru-3w-bad.csv", list(bad_rows(rng)))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent)
