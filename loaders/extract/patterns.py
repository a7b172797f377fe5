"""The relation cues, as regular expressions over masked sentences ("integrada por ⟦0⟧, ⟦1⟧ y ⟦2⟧")."""

from __future__ import annotations

import re

MENTION = r"⟦(\d+)⟧"


PIECE = re.compile(r"⟦\d+⟧|[(),;.:]|[^\s⟦(),;.:]+")


# fmt: off
GLUE = frozenset((
    ",", ";", "y", "e", "asi", "como", "ademas", "de", "del", "al", "a", "la", "el", "los", "las", "tambien",
))


MEMBERS_AFTER = re.compile(
    r"\b(?:(?:integrad|conformad|compuest|constituid|formad)[oa]s?\s+(?:por|con)"
    r"|(?:la|lo|las|los)\s+(?:integran|conforman|componen)|(?:reune|reunira|agrupa|agrupara|congrega)\s+a"
    r"|incorpora(?:ra|n|ran)?\s+(?:a|al)|con\s+la\s+participacion\s+del?"
    r"|(?:sus\s+)?(?:miembros|integrantes)\s+(?:son|seran)"
    r"|(?:de\s+la\s+que|del\s+que|de\s+la\s+cual|del\s+cual|en\s+la\s+que|en\s+el\s+que)\s+(?:forman\s+parte|participan))\b"
)


# The members come first and the body right after the verb: "⟦0⟧ y ⟦1⟧ se incorporaron a la ⟦2⟧".
MEMBERS_BEFORE = re.compile(
    r"\b(?:integran|integraran|conforman|conformaran|componen|forman\s+parte\s+de|formaran\s+parte\s+de"
    r"|se\s+(?:incorporo|incorporaron|incorporara|incorporaran|sumo|sumaron|unio|unieron)\s+a"
    rf"|participan\s+en|participaran\s+en)\s+(?:(?:el|la|los|las)\s+)?{MENTION}"
)


SUPPORT_NOUN = re.compile(
    r"\b(?:con\s+el|gracias\s+al)\s+(?:apoyo|respaldo|auspicio|acompanamiento|financiamiento|asistencia\s+tecnica"
    r"|cooperacion)(?:\s+(?:tecnico|tecnica|financiero|financiera))?\s+(?:de|del)\b"
)


SUPPORT_VERB = re.compile(
    r"\b(?:apoya|apoyan|apoyara|apoyaran|respalda|respaldan|respaldara|respaldaran|brinda|brindan|brindara"
    r"|brindaran|presta|prestan|prestara|prestaran|ofrece|ofrecen|ofrecera|ofreceran|acompana|acompanan"
    r"|acompanara|acompanaran|financia|financian|financiara|financiaran)\b"
)


# Where it ends (the verb after it) is looked up: `View.relative_subjects`.
RELATIVE_SUBJECT = re.compile(rf"{MENTION}\s*(?:\(\s*⟦\d+⟧\s*\)\s*)?,\s*que\s*")


OWN_PROGRAMME = re.compile(rf"\bsus?\s+{MENTION}")


THROUGH = re.compile(rf"\ba\s+traves\s+de(?:l|\s+la|\s+los|\s+las)?\s+(?:(?:su|sus|este|esta)\s+)?{MENTION}")


UNIT_PATTERNS: tuple[tuple[re.Pattern[str], int, int], ...] = (  # (pattern, parent group, unit group)
    (re.compile(rf"{MENTION}\s*\(\s*{MENTION}\s*\)"), 1, 2),
    (
        re.compile(rf"{MENTION}\s*(?:,\s*)?a\s+traves\s+de(?:l|\s+la|\s+los|\s+las)?\s+(?:(?:su|sus)\s+)?{MENTION}"),
        1,
        2,
    ),
    (
        re.compile(
            rf"{MENTION}\s*(?:,\s*)?(?:adscrit[oa]|perteneciente|dependiente)\s+(?:al|a\s+la|del|de\s+la)\s+{MENTION}"
        ),
        2,
        1,
    ),
    (re.compile(rf"{MENTION}\s+(?:del|de\s+la|de)\s+{MENTION}"), 2, 1),
)


RUNS_PATTERNS: tuple[tuple[re.Pattern[str], int, int], ...] = (  # (pattern, runner group, programme group)
    (
        re.compile(
            rf"{MENTION}\s+(?:ejecuta|ejecutara|implementa|implementara|desarrolla|desarrollara|gestiona|administra"
            rf"|lleva\s+a\s+cabo)\s+(?:(?:el|la|su)\s+)?{MENTION}"
        ),
        1,
        2,
    ),
    (
        re.compile(
            rf"{MENTION}\s*(?:,\s*)?(?:ejecutad|implementad|desarrollad|gestionad|administrad)[oa]s?\s+por\s+"
            rf"(?:(?:el|la|los|las)\s+)?{MENTION}"
        ),
        2,
        1,
    ),
)


RUN_BY_SUBJECT = re.compile(
    rf"{MENTION}\s*(?:,\s*)?que\s+(?:ejecuta|ejecutan|implementa|implementan|desarrolla|gestiona|administra|lleva\s+a\s+cabo)\b"
)


LEADER_AFTER = re.compile(
    rf"\b(?:a\s+iniciativa\s+de(?:l|\s+la|\s+los|\s+las)?"
    rf"|(?:presidid|liderad|encabezad|coordinad|conducid|dirigid|impulsad|promovid)[oa]s?\s+por(?:\s+(?:el|la|los|las))?"
    rf"|bajo\s+(?:la|el)\s+(?:presidencia|conduccion|coordinacion|liderazgo|direccion|rectoria)\s+de(?:l|\s+la)?)"
    rf"\s+{MENTION}"
)


LEADER_VERB = re.compile(
    rf"{MENTION}\s+(?P<verb>lidera|liderara|preside|presidira|encabeza|encabezara|conduce|conducira|coordina"
    rf"|coordinara|instalo|instala|creo|crea|conformo|conforma|impulso|impulsa|promovio)\b(?:\s+[^\s⟦]+){{0,8}}?\s+{MENTION}"
)


LED_BY_OBJECT = re.compile(
    rf"{MENTION}\s*(?:,\s*)?(?:que|a\s+la\s+que|al\s+que)\s+(?:lidera|preside|encabeza|conduce|coordina)\s+"
    rf"(?:(?:el|la|los|las)\s+)?{MENTION}"
)


LEADER_CLAUSE = re.compile(
    rf"{MENTION}\s*,\s*que\s+(?:lo|la)\s+(?:preside|presidira|coordina|coordinara|lidera|liderara|encabeza|conduce)\b"
)


LEADING_VERBS = frozenset(
    ("preside", "presidira", "coordina", "coordinara", "lidera", "liderara", "encabeza", "conduce")
)


CONVENER = (
    re.compile(rf"\bconvocad[oa]s?\s+por\s+(?:(?:el|la|los|las)\s+)?{MENTION}"),
    re.compile(rf"{MENTION}\s+(?:[^\s⟦]+\s+){{0,2}}?(?:convoca|convocara|convocaran|convocan)\b"),
    re.compile(rf"\bconvocatoria\s+(?:[^\s⟦]+\s+){{0,3}}?a\s+cargo\s+de(?:l|\s+la)?\s+{MENTION}"),
)


MEETING_CUE = re.compile(
    r"\b(?:(?:se\s+)?(?P<inauguration>inauguro|inauguraron)|fue\s+(?P<inaugurated>inaugurad[oa])"
    r"|(?:se\s+)?(?P<installation>instalo|instalaron)|fue\s+(?P<installed>instalad[oa])"
    r"|(?P<session>sesiono|sesionaron|se\s+reunio|se\s+reunieron"
    r"|(?:celebro|realizo|llevo\s+a\s+cabo)\s+(?:[^\s⟦]+\s+){0,3}?(?:sesion|reunion|asamblea)"
    r"|(?:sesion|reunion)\s+(?:[^\s⟦]+\s+)?(?:realizada|celebrada|efectuada|llevada\s+a\s+cabo)))\b"
)


MEETING_TOPIC = re.compile(
    r"^\W*(?:en|durante|tras|luego\s+de|al\s+termino\s+de)\s+(?:la|el|esta|este|dicha|dicho|su)\s+"
    r"(?:[a-z]+\s+)?(?:sesion|inauguracion|instalacion|reunion|ceremonia|encuentro)\b"
)


SERVICE_CUE = re.compile(
    r"\b(?:en\s+favor\s+de|a\s+favor\s+de|vea\s+por|velar?\s+por|vele\s+por|atencion|atend\w*|atiende\w*|beneficia\w*"
    r"|apoyar\s+a|al\s+servicio\s+de|dirigid[oa]s?\s+a|para\s+(?:los|las)|cuentan\s+con|sirve\w*|servir)\b"
)
