"""Population figures: "casi tres millones de peruanos que viven en el extranjero"."""

from __future__ import annotations

import re

# fmt: off
NUMBER_WORDS: dict[str, float] = {
    "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "once": 11, "doce": 12, "quince": 15, "veinte": 20, "treinta": 30, "cuarenta": 40,
    "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100,
    "doscientos": 200, "trescientos": 300, "cuatrocientos": 400, "quinientos": 500, "seiscientos": 600,
    "setecientos": 700, "ochocientos": 800, "novecientos": 900, "medio": 0.5,
}


# fmt: on
QUALIFIERS = r"casi|cerca\s+de|mas\s+de|alrededor\s+de|aproximadamente|unos|unas|poco\s+mas\s+de|menos\s+de|al\s+menos"


FIGURE = re.compile(
    rf"(?P<qualifier>(?:{QUALIFIERS})\s+)?"
    rf"(?P<number>\d{{1,3}}(?:[.\s]\d{{3}})+(?!\d)|\d+(?:[.,]\d+)?|(?:{'|'.join(NUMBER_WORDS)})\b)"
    r"(?:\s+(?P<multiplier>millones|millon|mil)\b)?(?P<half>\s+y\s+medio)?(?:\s+de)?\s+"
)


FIGURE_STARTS = frozenset(
    ("casi", "cerca", "mas", "alrededor", "aproximadamente", "unos", "unas", "poco", "menos", "al")
)


PEOPLE = re.compile(
    r"(?:(?:ciudadanos|ciudadanas|personas|nacionales|trabajadores|trabajadoras|familias|ninos|ninas)\s+)?"
    r"(?:[a-z]{3,}(?:anos|anas|enos|enas|inos|inas)|migrantes|refugiad[oa]s|connacionales|compatriotas|"
    r"retornad[oa]s|desplazad[oa]s|extranjer[oa]s|victimas|solicitantes\s+de\s+refugio|personas)\b"
    r"(?:\s+(?:migrantes|refugiad[oa]s|retornad[oa]s|[a-z]{3,}(?:anos|anas|enos|enas|inos|inas))\b)?"
    r"(?P<clause>\s+(?P<that>que\s+)?(?:(?:viven|residen|radican|se\s+encuentran|estan|han\s+retornado|retornaron|"
    r"regresaron|han\s+llegado|llegaron|habitan)|residentes|radicad[oa]s|asentad[oa]s|provenientes|procedentes)"
    r"(?:\s+(?:en|de|a|al|desde|fuera\s+del?))?(?:\s+(?:el|la|los|las))?\s+[a-z]+)?"
)


def figure_value(match: re.Match[str]) -> tuple[int, bool]:
    number = match.group("number")
    if number in NUMBER_WORDS:
        value = float(NUMBER_WORDS[number])
    elif re.fullmatch(r"\d{1,3}(?:[.\s]\d{3})+", number):
        value = float(re.sub(r"[.\s]", "", number))  # Spanish thousands separators: 1.200.000
    else:
        value = float(number.replace(",", "."))  # a decimal comma (1,2 millones) or point
    multiplier = {"mil": 1_000, "millon": 1_000_000, "millones": 1_000_000}.get(match.group("multiplier") or "", 1)
    if match.group("half"):
        value += 0.5
    return round(value * multiplier), match.group("qualifier") is not None
