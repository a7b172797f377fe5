"""The shapes of institutional names: the head words that start them, the label and kind they propose."""

from __future__ import annotations

from collections.abc import Sequence

from .records import BODY, INSTITUTION, PROGRAM
from .sentences import Token

# The first word(s) of an institution's name, the label it proposes and the kind of institution.
# fmt: off
HEADS: dict[tuple[str, ...], tuple[str, str | None]] = {
    **{(word,): (INSTITUTION, "agency") for word in (
        "superintendencia", "instituto", "registro", "servicio", "oficina", "direccion", "unidad", "departamento",
        "agencia", "secretaria", "procuraduria", "fiscalia", "contraloria", "policia", "presidencia", "consulado",
        "embajada", "fondo", "seguro", "banco", "organizacion", "organismo", "subsecretaria", "viceministerio",
        "sistema",
    )},
    ("ministerio",): (INSTITUTION, "ministry"),
    ("defensoria",): (INSTITUTION, "ombudsman"),
    ("alto", "comisionado"): (INSTITUTION, "international-organisation"),
    ("cruz", "roja"): (INSTITUTION, "ngo"),
    **{head: (INSTITUTION, "local-government") for head in (
        ("gobierno", "regional"), ("gobierno", "local"), ("municipalidad",), ("alcaldia",), ("gobernacion",),
    )},
    ("programa",): (PROGRAM, None),
    ("proyecto",): (PROGRAM, None),
    **{(word,): (BODY, None) for word in (
        "mesa", "comision", "comite", "consejo", "grupo", "red", "plataforma", "mecanismo", "gabinete", "instancia",
    )},
}


# fmt: on
# A name stops before one of these: "Oficina de Enlace de la Superintendencia…" is two institutions.
# fmt: off
BREAKING_HEADS = frozenset((
    ("ministerio",), ("superintendencia",), ("defensoria",), ("organizacion",), ("instituto",), ("alto", "comisionado"),
    ("gobierno", "regional"), ("municipalidad",),
))


# fmt: on
MASCULINE_HEADS = frozenset({"consejo", "comite", "grupo", "mecanismo", "gabinete", "programa", "proyecto"})


INTERNATIONAL_WORDS = frozenset({"internacional", "naciones", "onu", "mundial", "interamericano", "interamericana"})


def head_at(tokens: Sequence[Token], i: int) -> tuple[str, ...] | None:
    for size in (2, 1):
        words = tuple(t.key for t in tokens[i : i + size])
        if len(words) == size and words in HEADS:
            return words
    return None


def kind_of(head: tuple[str, ...], key: tuple[str, ...]) -> str | None:
    label, kind = HEADS[head]
    if label != INSTITUTION:
        return None
    if INTERNATIONAL_WORDS & set(key):
        return "international-organisation"
    if head in {("seguro",), ("sistema",)} and "salud" in key:
        return "health-insurance"
    if head == ("fondo",) and "vivienda" in key:
        return "housing-fund"
    if "estadistica" in key:
        return "statistics-office"
    return kind
