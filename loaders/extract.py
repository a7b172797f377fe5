"""Facts about migration-policy actors, extracted from Spanish press releases.

`extract(doc, gazetteer)` turns a `SourceDocument` into an `Extraction`: the
actors the text names and the relationships it states between them, in the
labels and relationship types of schema/ontology.yaml, each with its evidence
(the sentence and its character offsets into `doc.text`). It is a pure stage:
no store, no network, no model; plain Spanish patterns over a gazetteer.

How it reads a document:

1. The text is cut into sentences.
2. Each sentence's mentions are found, left to right: enumerations of short
   ministry names ("los Ministerios de Salud, Educación y del Interior"),
   population figures ("casi tres millones de peruanos…"), known actors
   (`Gazetteer`: names, aliases, acronyms; accent- and case-insensitive),
   the document's own acronyms ("(OIM)"), and unknown institutions by the
   shape of their names ("Superintendencia Nacional de …"), which become
   candidates. Short references ("la Mesa", "el programa") resolve to the
   actor named in full elsewhere in the document. This runs twice, so that an
   acronym defined late ("… (RENIEC)") is known in the title too.
3. Each mention is replaced by a placeholder and regular expressions over the
   masked sentence find the relationships ("integrada por ⟦0⟧, ⟦1⟧ (⟦2⟧) y ⟦3⟧").
   A sentence without the body it talks about refers to the body under
   discussion (the last one named), at a lower confidence.

`Extraction.actors` holds every node a fact points at: institutions,
programmes and coordination bodies, the meetings and populations the text
gives (with their dates and sizes), and the policy themes (by their ids in
schema/vocabularies/policy_themes.yaml). A node the gazetteer does not know is
a candidate, never a silently confirmed actor. A fact stated several times (a
paragraph repeated verbatim) is one fact with several evidence spans. Facts
below `CANDIDATE_THRESHOLD`, and facts touching a candidate, are candidates.

A day given without a year ("el 11 de agosto") takes the year of the
document's publication date (front matter, else its dateline "Lima, 4 de
marzo de 2015") and is marked `year_inferred`; with neither, it stays
"--08-11" with `year_known: False`.

Only Spanish documents are handled: `extract` raises DocumentError for a
document declared in another language or that looks English, and for one that
names no institution, programme or coordination body.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

from graph_api.ontology import Ontology, load_ontology
from graph_api.records import Node
from graph_api.text import normalize

from .document_errors import DocumentError
from .document_text import SourceDocument, require_spanish

__all__ = [
    "CANDIDATE_THRESHOLD",
    "Evidence",
    "ExtractedActor",
    "ExtractedFact",
    "Extraction",
    "Gazetteer",
    "KnownActor",
    "extract",
]

CANDIDATE_THRESHOLD = 0.6

INSTITUTION = "Institution"
PROGRAM = "Program"
BODY = "CoordinationBody"
MEETING = "Meeting"
POPULATION = "Population"
THEME = "PolicyTheme"
_ACTOR_LABELS = frozenset({INSTITUTION, PROGRAM, BODY})
_KNOWN_LABELS = _ACTOR_LABELS | {MEETING, POPULATION}

# How sure a pattern is: both ends named in the sentence, or one end taken from context.
_STATED = 0.9
_STATED_WEAKLY = 0.8
_FROM_CONTEXT = 0.75
_THEME_STATED = 0.8
_THEME_FROM_CONTEXT = 0.7
_SERVES_BY_PROXIMITY = 0.55


# ====================================================================== records


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where the document states something: a sentence and its offsets, `doc.text[start:end] == sentence`."""

    start: int
    end: int
    sentence: str


@dataclass(frozen=True, slots=True)
class ExtractedActor:
    """A node the document names: a known one (`known_id`) or a new one to review (`candidate`).

    `ref` is what facts point at: the known id (a vocabulary term id for a
    PolicyTheme), or "candidate:…", "meeting:…", "population:…" for new nodes.
    `properties` are the ontology's (kind, country, acronym, aliases, date,
    date_precision, year_known, size, size_approximate), plus `year_inferred:
    True` on a Meeting whose year was taken from the publication date, which
    the writer should turn into a note. `evidence` lists the sentences that
    name it or state a fact about it.
    """

    ref: str
    label: str
    name: str
    known_id: str | None
    candidate: bool
    evidence: tuple[Evidence, ...]
    properties: Mapping[str, Any]
    written: tuple[str, ...] = ()  # the full names the text gives it, as written (first first)
    reference: bool = False  # resolved to the reference gazetteer, not to an actor of the graph

    @property
    def proposed_id(self) -> str:
        """The id to write it under: the known id, or a proposed slug."""
        return self.known_id or self.ref.split(":", 1)[1]


@dataclass(frozen=True, slots=True)
class ExtractedFact:
    """A relationship the document states, from `start_ref` to `end_ref` (refs of `Extraction.actors`)."""

    type: str
    start_ref: str
    end_ref: str
    properties: Mapping[str, Any]
    confidence: float
    candidate: bool
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Extraction:
    """What one document says: its actors and facts, in the order the text first gives them."""

    document: SourceDocument
    actors: tuple[ExtractedActor, ...]
    facts: tuple[ExtractedFact, ...]
    country: str | None = None  # ISO 3166-1 alpha-2 code of the country the document is about, when clear

    def actor(self, ref: str) -> ExtractedActor | None:
        return next((a for a in self.actors if a.ref == ref), None)


# ====================================================================== text helpers

_TOKEN = re.compile(r"\w+|[^\w\s]")
_ARTICLES = frozenset({"el", "la", "los", "las"})
_DETERMINERS = _ARTICLES | {"del", "al", "este", "esta", "dicho", "dicha", "dichos", "dichas"}
# Headlines drop articles: "Cancillería instala Consejo…", "Defensoría impulsa grupo de trabajo…".
_HEADLINE_VERBS = frozenset(("instala", "impulsa", "crea", "conforma", "lidera", "presenta", "inaugura", "convoca"))
_CONNECTORS = frozenset({"de", "del", "la", "las", "los", "el", "y", "e", "para", "sobre", "en", "contra", "a", "al"})
_NAME_PUNCTUATION = frozenset({",", "-", "‐"})
# Parentheses inside an enumeration hold units ("Salud (SIS)"); an enumeration in those, and so on, is read only
# this deep, so that a run of nested parentheses costs no recursion.
_MAX_DEPTH = 8


@cache
def _fold_char(char: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)).lower()
    return base if len(base) == 1 else char


def _fold(text: str) -> str:
    """Lower case without accents, one character for one, so that positions in it are positions in `text`."""
    return "".join(_fold_char(c) for c in text)


def _canonical(words: Iterable[str]) -> tuple[str, ...]:
    """Name words compared loosely: "del" is "de", "e" is "y", and articles after "de" do not count.

    So "Ministerio de Interior" finds "Ministerio del Interior", and "de la
    Mujer" in an enumeration finds "Ministerio de la Mujer…".
    """
    out: list[str] = []
    for word in words:
        _add_canonical(out, word)
    return tuple(out)


def _add_canonical(out: list[str], word: str) -> bool:
    word = {"del": "de", "e": "y"}.get(word, word)
    if word in _ARTICLES and out and out[-1] == "de":
        return False
    out.append(word)
    return True


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-")[:60].rstrip("-") or "x"


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int
    end: int
    key: str  # folded

    @property
    def word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def upper(self) -> bool:
        return self.text[0].isupper()


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int
    text: str
    folded: str
    tokens: tuple[_Token, ...]
    starts: tuple[int, ...]  # each token's start, for bisection: a sentence may have a hundred thousand tokens
    closes: tuple[int, ...]  # for each token, the index of the first ")" at or after it (len(tokens) if none)

    @property
    def evidence(self) -> Evidence:
        return Evidence(self.start, self.end, self.text)

    def token_at(self, offset: int, after: int = 0) -> int | None:
        """The index of the token starting at the absolute `offset`, if any."""
        k = bisect.bisect_left(self.starts, offset, after)
        return k if k < len(self.starts) and self.starts[k] == offset else None

    def first_from(self, offset: int, after: int = 0) -> int:
        """The index of the first token (from `after` on) starting at or after the absolute `offset`."""
        return bisect.bisect_left(self.starts, offset, after)

    def close_from(self, k: int) -> int | None:
        """The index of the first ")" token at or after index `k`, if any."""
        close = self.closes[k] if k < len(self.closes) else len(self.tokens)
        return close if close < len(self.tokens) else None


# A sentence ends at a full stop before a capital, also with a dash between ("Lima, 1 de julio.— La…").
# It starts only at the first mark of a run: from a later one the rest of the pattern would see the same text,
# so trying it again from each mark of a long run ("......") before long spaces would be quadratic.
_SENTENCE_END = re.compile(
    r"(?<![.!?…])[.!?…]+[\"'”»)]*(?:(?=\s+[\"'“«¿¡(]?[A-ZÁÉÍÓÚÑ0-9])|\s*[—–-]+(?=\s*[\"'“«¿¡(]?[A-ZÁÉÍÓÚÑ0-9]))"
)
# fmt: off
_ABBREVIATIONS = frozenset((
    "sr", "sra", "srta", "dr", "dra", "lic", "ing", "av", "jr", "nro", "num", "art", "pag", "tel", "ee", "uu", "ud",
    "uds", "mr", "mrs", "no", "op", "cit", "aprox", "vol", "cap", "dpto",
))
# fmt: on
_PARAGRAPH_END = '.!?:;…"”»)'


def _sentences(text: str) -> list[_Sentence]:
    spans: list[tuple[int, int]] = []
    for start, end in _paragraphs(text):
        cut = start
        for match in _SENTENCE_END.finditer(text, start, end):
            if not _is_abbreviation(text, match.start()):
                spans.append((cut, match.end()))
                cut = match.end()
        spans.append((cut, end))
    sentences = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            piece = text[start:end]
            tokens = tuple(
                _Token(m.group(), start + m.start(), start + m.end(), _fold(m.group())) for m in _TOKEN.finditer(piece)
            )
            sentences.append(
                _Sentence(start, end, piece, _fold(piece), tokens, tuple(t.start for t in tokens), _closes(tokens))
            )
    return sentences


def _closes(items: Sequence[_Token] | Sequence[tuple[int, str]]) -> tuple[int, ...]:
    """For each item, the index of the first ")" at or after it; len(items) where there is none."""
    closes = [len(items)] * len(items)
    following = len(items)
    for k in range(len(items) - 1, -1, -1):
        item = items[k]
        if (item.text if isinstance(item, _Token) else item[1]) == ")":
            following = k
        closes[k] = following
    return tuple(closes)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Lines, except that a line starting in lower case continues a line not ended by punctuation."""
    paragraphs: list[tuple[int, int]] = []
    offset = 0
    last = ""  # the last character of the previous non-blank line: the paragraph's, as that line ends it
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        previous = paragraphs[-1] if paragraphs else None
        if previous is not None and previous[1] == start - 1 and stripped[0].islower() and last not in _PARAGRAPH_END:
            paragraphs[-1] = (previous[0], end)
        else:
            paragraphs.append((start, end))
        last = stripped[-1]
    return paragraphs


def _is_abbreviation(text: str, dot: int) -> bool:
    match = re.search(r"(\w+)$", text[max(0, dot - 12) : dot])
    if match is None:
        return False
    word = match.group(1)
    return (len(word) == 1 and word.isupper()) or word.lower() in _ABBREVIATIONS


# ====================================================================== gazetteer


@dataclass(frozen=True, slots=True)
class KnownActor:
    """An actor of the graph the extractor can recognise."""

    id: str
    label: str
    name: str
    country: str | None = None
    kind: str | None = None


class _Match(NamedTuple):
    actor: KnownActor
    end: int  # index of the token after the match
    by_acronym: bool


_ACRONYM = re.compile(r"[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ0-9]{1,9}")
_MIXED_ACRONYM = re.compile(r"[A-Z][a-z]*[A-Z][A-Za-z]*")


class Gazetteer:
    """Known actors by name, English name, alias and acronym.

    Names match accent- and case-insensitively, longest first, with "del"/"de
    el" and "de la"/"de" alike ("Cancillería", "Ministerio de Relaciones
    Exteriores" and "MRE" are one actor). Acronyms match as whole words, as
    written or capitalised when four letters or more ("MINSA", "Minsa"), never
    in lower case. A name two actors share is left out rather than guessed.

    >>> g = Gazetteer.from_nodes([Node("pe-mre", "Institution", {"name": "Ministerio de Relaciones Exteriores",
    ...     "aliases": ["Cancillería"], "acronym": "MRE"})])
    >>> g.lookup("cancilleria").id
    'pe-mre'
    """

    def __init__(
        self, actors: Iterable[KnownActor], names: Mapping[tuple[str, ...], str], acronyms: Mapping[str, str]
    ) -> None:
        self._actors = {actor.id: actor for actor in actors}
        self._names = dict(names)
        self._acronyms = dict(acronyms)
        self._capitalised = {a.capitalize(): i for a, i in self._acronyms.items() if len(a) >= 4 and a.isupper()}
        self._prefixes = {key[:n] for key in self._names for n in range(1, len(key) + 1)}
        self._keys: dict[str, list[tuple[str, ...]]] = {}
        for key, actor_id in self._names.items():
            self._keys.setdefault(actor_id, []).append(key)

    @classmethod
    def from_nodes(cls, nodes: Iterable[Node]) -> Gazetteer:
        """A gazetteer of the institutions, programmes, bodies, meetings and populations among `nodes`."""
        actors: list[KnownActor] = []
        names: dict[tuple[str, ...], set[str]] = {}
        acronyms: dict[str, set[str]] = {}
        for node in nodes:
            if node.label not in _KNOWN_LABELS:
                continue
            props = node.properties
            actors.append(
                KnownActor(node.id, node.label, node.name, _text(props.get("country")), _text(props.get("kind")))
            )
            aliases = props.get("aliases")
            values = [props.get("name"), props.get("name_en"), *(aliases if isinstance(aliases, list) else [])]
            for value in (v.strip() for v in values if isinstance(v, str) and v.strip()):
                key = _canonical(normalize(value).split())
                names.setdefault(key, set()).add(node.id)
                if _ACRONYM.fullmatch(value):
                    acronyms.setdefault(value, set()).add(node.id)
            acronym = _text(props.get("acronym"))
            if acronym:
                acronyms.setdefault(acronym, set()).add(node.id)
        return cls(
            actors,
            {key: next(iter(ids)) for key, ids in names.items() if len(ids) == 1},
            {acronym: next(iter(ids)) for acronym, ids in acronyms.items() if len(ids) == 1},
        )

    def __len__(self) -> int:
        return len(self._actors)

    def get(self, actor_id: str) -> KnownActor | None:
        return self._actors.get(actor_id)

    def lookup(self, name: str) -> KnownActor | None:
        """The actor with exactly this name, alias or acronym (compared loosely), if one."""
        actor_id = self._names.get(_canonical(normalize(name).split())) or self._acronyms.get(name.strip())
        return self._actors.get(actor_id) if actor_id else None

    def _keys_of(self, actor_id: str) -> list[tuple[str, ...]]:
        return self._keys.get(actor_id, [])

    def _match(self, tokens: Sequence[_Token], i: int, prefix: tuple[str, ...] = ()) -> _Match | None:
        """The longest known actor named from tokens[i] on (read after `prefix` words), if any."""
        first = tokens[i]
        if not first.word:
            return None
        best: _Match | None = None
        if not prefix:
            acronym_id = self._acronyms.get(first.text) or self._capitalised.get(first.text)
            if acronym_id is not None:
                best = _Match(self._actors[acronym_id], i + 1, True)
        words = list(prefix)
        for j in range(i, len(tokens)):
            token = tokens[j]
            if not token.word:
                if token.text in _NAME_PUNCTUATION and j > i:
                    continue
                break
            if not _add_canonical(words, token.key):
                continue
            key = tuple(words)
            if key not in self._prefixes:
                break
            actor = self._actors.get(self._names.get(key, ""))
            # Meetings are found by their body, not by name; a population may be written in lower case.
            if actor is not None and actor.label != MEETING and (first.upper or actor.label == POPULATION):
                best = _Match(actor, j + 1, False)
        return best


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


# ====================================================================== names of unknown actors

# The first word(s) of an institution's name, the label it proposes and the kind of institution.
# fmt: off
_HEADS: dict[tuple[str, ...], tuple[str, str | None]] = {
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
_BREAKING_HEADS = frozenset((
    ("ministerio",), ("superintendencia",), ("defensoria",), ("organizacion",), ("instituto",), ("alto", "comisionado"),
    ("gobierno", "regional"), ("municipalidad",),
))
# fmt: on
_MASCULINE_HEADS = frozenset({"consejo", "comite", "grupo", "mecanismo", "gabinete", "programa", "proyecto"})
_INTERNATIONAL_WORDS = frozenset({"internacional", "naciones", "onu", "mundial", "interamericano", "interamericana"})
# fmt: off
_COUNTRIES = {
    "peru": "PE", "ecuador": "EC", "colombia": "CO", "chile": "CL", "bolivia": "BO", "venezuela": "VE",
    "argentina": "AR", "brasil": "BR", "mexico": "MX", "paraguay": "PY", "uruguay": "UY",
}
# fmt: on
# fmt: off
_NATIONALITIES = {
    stem + ending: code
    for stem, code in (
        ("peruan", "PE"), ("ecuatorian", "EC"), ("colombian", "CO"), ("chilen", "CL"), ("bolivian", "BO"),
        ("venezolan", "VE"), ("argentin", "AR"), ("brasilen", "BR"), ("mexican", "MX"),
    )
    for ending in ("o", "a")
}
# fmt: on
# fmt: off
_CITIES = {
    "lima": "PE", "tumbes": "PE", "tacna": "PE", "arequipa": "PE", "cusco": "PE", "piura": "PE",
    "quito": "EC", "guayaquil": "EC", "bogota": "CO", "cucuta": "CO", "santiago": "CL", "caracas": "VE",
}
# fmt: on


def _head_at(tokens: Sequence[_Token], i: int) -> tuple[str, ...] | None:
    for size in (2, 1):
        words = tuple(t.key for t in tokens[i : i + size])
        if len(words) == size and words in _HEADS:
            return words
    return None


def _kind(head: tuple[str, ...], key: tuple[str, ...]) -> str | None:
    label, kind = _HEADS[head]
    if label != INSTITUTION:
        return None
    if _INTERNATIONAL_WORDS & set(key):
        return "international-organisation"
    if head in {("seguro",), ("sistema",)} and "salud" in key:
        return "health-insurance"
    if head == ("fondo",) and "vivienda" in key:
        return "housing-fund"
    if "estadistica" in key:
        return "statistics-office"
    return kind


def _document_country(doc: SourceDocument, sentences: Sequence[_Sentence]) -> str | None:
    """The country a document is about: from its front matter, else its dateline and the countries it names."""
    declared = doc.metadata.get("country")
    if declared:
        return declared.upper()
    votes: dict[str, int] = {}
    for sentence in sentences[:3]:
        dateline = re.match(r"([a-z ]+),\s+\d{1,2}\s+de\s+[a-z]+", sentence.folded)
        if dateline and dateline.group(1).strip() in _CITIES:
            code = _CITIES[dateline.group(1).strip()]
            votes[code] = votes.get(code, 0) + 2
    for word in re.findall(r"[a-z]+", _fold(" ".join([doc.text, doc.metadata.get("publisher", "")]))):
        if word in _COUNTRIES:
            votes[_COUNTRIES[word]] = votes.get(_COUNTRIES[word], 0) + 1
    ranked = sorted(votes.items(), key=lambda item: -item[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


# ====================================================================== numbers and dates

# fmt: off
_NUMBER_WORDS: dict[str, float] = {
    "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "once": 11, "doce": 12, "quince": 15, "veinte": 20, "treinta": 30, "cuarenta": 40,
    "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100,
    "doscientos": 200, "trescientos": 300, "cuatrocientos": 400, "quinientos": 500, "seiscientos": 600,
    "setecientos": 700, "ochocientos": 800, "novecientos": 900, "medio": 0.5,
}
# fmt: on
_QUALIFIERS = r"casi|cerca\s+de|mas\s+de|alrededor\s+de|aproximadamente|unos|unas|poco\s+mas\s+de|menos\s+de|al\s+menos"
_FIGURE = re.compile(
    rf"(?P<qualifier>(?:{_QUALIFIERS})\s+)?"
    rf"(?P<number>\d{{1,3}}(?:[.\s]\d{{3}})+(?!\d)|\d+(?:[.,]\d+)?|(?:{'|'.join(_NUMBER_WORDS)})\b)"
    r"(?:\s+(?P<multiplier>millones|millon|mil)\b)?(?P<half>\s+y\s+medio)?(?:\s+de)?\s+"
)
_FIGURE_STARTS = frozenset(
    ("casi", "cerca", "mas", "alrededor", "aproximadamente", "unos", "unas", "poco", "menos", "al")
)
_PEOPLE = re.compile(
    r"(?:(?:ciudadanos|ciudadanas|personas|nacionales|trabajadores|trabajadoras|familias|ninos|ninas)\s+)?"
    r"(?:[a-z]{3,}(?:anos|anas|enos|enas|inos|inas)|migrantes|refugiad[oa]s|connacionales|compatriotas|"
    r"retornad[oa]s|desplazad[oa]s|extranjer[oa]s|victimas|solicitantes\s+de\s+refugio|personas)\b"
    r"(?:\s+(?:migrantes|refugiad[oa]s|retornad[oa]s|[a-z]{3,}(?:anos|anas|enos|enas|inos|inas))\b)?"
    r"(?P<clause>\s+(?P<that>que\s+)?(?:(?:viven|residen|radican|se\s+encuentran|estan|han\s+retornado|retornaron|"
    r"regresaron|han\s+llegado|llegaron|habitan)|residentes|radicad[oa]s|asentad[oa]s|provenientes|procedentes)"
    r"(?:\s+(?:en|de|a|al|desde|fuera\s+del?))?(?:\s+(?:el|la|los|las))?\s+[a-z]+)?"
)
# fmt: off
_MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
# fmt: on
_MONTH = "|".join(_MONTHS)
_DAY_DATE = re.compile(
    rf"\b(?P<day>\d{{1,2}}|primero)(?:\.?o)?\s+de\s+(?P<month>{_MONTH})(?:\s+(?:de|del)\s+(?P<year>\d{{4}}))?\b"
)
_MONTH_DATE = re.compile(rf"\b(?P<month>{_MONTH})\s+(?:de|del)\s+(?P<year>\d{{4}})\b")
_YEAR_DATE = re.compile(r"\b(?:en|durante)\s+(?:el\s+(?:ano\s+)?)?(?P<year>(?:19|20)\d{2})\b")


class _Date(NamedTuple):
    value: str
    precision: str
    year_known: bool
    year_inferred: bool


def _figure_value(match: re.Match[str]) -> tuple[int, bool]:
    number = match.group("number")
    if number in _NUMBER_WORDS:
        value = float(_NUMBER_WORDS[number])
    elif re.fullmatch(r"\d{1,3}(?:[.\s]\d{3})+", number):
        value = float(re.sub(r"[.\s]", "", number))  # Spanish thousands separators: 1.200.000
    else:
        value = float(number.replace(",", "."))  # a decimal comma (1,2 millones) or point
    multiplier = {"mil": 1_000, "millon": 1_000_000, "millones": 1_000_000}.get(match.group("multiplier") or "", 1)
    if match.group("half"):
        value += 0.5
    return round(value * multiplier), match.group("qualifier") is not None


def _dates(folded: str, published: str | None) -> list[tuple[int, _Date]]:
    """The dates a sentence gives, by position; a day without a year takes the publication's year, if known."""
    found: list[tuple[int, _Date]] = []
    days: list[tuple[int, int]] = []  # the spans taken, in order and apart (as finditer gives them)
    months: list[tuple[int, int]] = []
    for match in _DAY_DATE.finditer(folded):
        day = 1 if match.group("day") == "primero" else int(match.group("day"))
        month = _MONTHS[match.group("month")]
        if not _valid_day(month, day):
            continue
        year = match.group("year")
        if year:
            date = _Date(f"{year}-{month:02d}-{day:02d}", "day", True, False)
        elif published and len(published) >= 4:
            inferred = _year_before(published, month, day)
            date = _Date(f"{inferred}-{month:02d}-{day:02d}", "day", True, True)
        else:
            date = _Date(f"--{month:02d}-{day:02d}", "day", False, False)
        found.append((match.start(), date))
        days.append(match.span())
    for match in _MONTH_DATE.finditer(folded):
        if not _within(days, match.start()):
            found.append(
                (
                    match.start(),
                    _Date(f"{match.group('year')}-{_MONTHS[match.group('month')]:02d}", "month", True, False),
                )
            )
            months.append(match.span())
    for match in _YEAR_DATE.finditer(folded):
        if not _within(days, match.start("year")) and not _within(months, match.start("year")):
            found.append((match.start(), _Date(match.group("year"), "year", True, False)))
    return sorted(found)


def _within(spans: Sequence[tuple[int, int]], offset: int) -> bool:
    """Whether `offset` is inside one of `spans` (in order and apart): only the last to start before it can hold it."""
    k = bisect.bisect_right(spans, (offset, 1 << 62)) - 1
    return k >= 0 and spans[k][0] <= offset < spans[k][1]


def _valid_day(month: int, day: int) -> bool:
    return 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)


def _dateline(sentences: Sequence[_Sentence]) -> str | None:
    """The date of a release's dateline ("Lima, 1.º de julio de 2021.—"), when it gives the year."""
    for sentence in sentences[:3]:
        place = re.match(r"[a-z][a-z .]*,\s+", sentence.folded)
        if place is None:
            continue
        dates = [date for position, date in _dates(sentence.folded, None) if position == place.end()]
        if dates and dates[0].year_known:
            return dates[0].value
    return None


def _year_before(published: str, month: int, day: int) -> int:
    """The year of a past day-and-month, reading the release as written on `published`."""
    year = int(published[:4])
    published_month = int(published[5:7]) if len(published) >= 7 else 12
    published_day = int(published[8:10]) if len(published) >= 10 else 31
    return year - 1 if (month, day) > (published_month, published_day) else year


# ====================================================================== policy themes

_THEMES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (theme, re.compile(pattern))
    for theme, pattern in (
        (
            "national-migration-policy",
            r"\bpoliticas? (?:nacional(?:es)? )?migratorias?\b|\bpolitica nacional de migracion"
            r"|\bpolitica de estado (?:en (?:el ambito|materia) migratori[oa]|sobre migracion)",
        ),
        ("migration-drivers", r"\bcausas,? origenes y destinos\b|\bcausas (?:estructurales )?de la migracion"),
        (
            "diaspora-wellbeing",
            r"\bbienestar (?:y (?:el )?desarrollo )?de (?:nuestros |nuestras |los |las |la )?"
            r"(?:compatriotas|connacionales|peruanos|colombianos|ecuatorianos|diaspora|comunidades)",
        ),
        (
            "inter-institutional-coordination",
            r"\bsinergias? entre\b|\b(?:coordinacion|articulacion) (?:interinstitucional|intersectorial|multisectorial)"
            r"|\bincorporar a otras (?:entidades|instituciones)",
        ),
        (
            "migration-data",
            r"\b(?:estadisticas?|datos|cifras)(?: [a-z]+)? (?:migratori[oa]s|sobre (?:[a-z]+ ){0,3}?"
            r"(?:migra\w*|diaspora|movilidad|extranjer\w*|refugiad\w*))",
        ),
        ("consular-protection", r"\b(?:proteccion|asistencia) (?:y asistencia )?consular"),
        (
            "labour-migration",
            r"\bmigracion laboral\b|\btrabajadores migrantes\b|\btrabajo decente\b|\bmovilidad laboral\b",
        ),
        (
            "documentation",
            r"\bdocumentacion\b|\bdocumentos? (?:nacional )?de identidad\b|\bdni\b|\bcarne de extranjeria\b",
        ),
        (
            "access-to-services",
            r"\bacce(?:so|der)(?: de [^.]{0,60}?)? a (?:los )?servicios\b|\bservicios (?:basicos|publicos|sociales)\b",
        ),
        ("return-reintegration", r"\bretorn\w*|\breintegra\w*|\breinsercion\b|\bregres\w* al pais\b"),
    )
)
# A theme counts only where the text says someone acts on it, not where it describes a situation.
_PURPOSE = re.compile(
    r"\b(?:para|a fin de|con el (?:objetivo|proposito|fin) de|con la finalidad de|finalidad|objetivo|tareas?|"
    r"mandato|acordaron|acordo|busca\w*|propon\w*|promov\w*|fortalec\w*|garantiz\w*|consolid\w*|mejorar|"
    r"elabor\w*|crear|abord\w*|analiz\w*|impuls\w*|implement\w*|atend\w*|revis\w*|ampli\w*|incorporar|articul\w*|"
    r"facilitar|a su cargo|encarg\w*|funcion(?:es)?|formul\w*|responsab\w*)\b"
)
# Where it ends (right before a placeholder) is looked up: `_View.framework_ends`.
_FRAMEWORK = re.compile(r"\ben\s+el\s+marco\s+de(?:l|\s+la|\s+los|\s+las)?\s*(?=⟦)")


@cache
def _theme_names() -> dict[str, str]:
    return {term.id: term.es for term in load_ontology().vocabularies["policy_themes"].terms}


# ====================================================================== patterns over masked sentences

_MENTION = r"⟦(\d+)⟧"
_PIECE = re.compile(r"⟦\d+⟧|[(),;.:]|[^\s⟦(),;.:]+")
# fmt: off
_GLUE = frozenset((
    ",", ";", "y", "e", "asi", "como", "ademas", "de", "del", "al", "a", "la", "el", "los", "las", "tambien",
))
# fmt: on

_MEMBERS_AFTER = re.compile(
    r"\b(?:(?:integrad|conformad|compuest|constituid|formad)[oa]s?\s+(?:por|con)"
    r"|(?:la|lo|las|los)\s+(?:integran|conforman|componen)|(?:reune|reunira|agrupa|agrupara|congrega)\s+a"
    r"|incorpora(?:ra|n|ran)?\s+(?:a|al)|con\s+la\s+participacion\s+del?"
    r"|(?:sus\s+)?(?:miembros|integrantes)\s+(?:son|seran)"
    r"|(?:de\s+la\s+que|del\s+que|de\s+la\s+cual|del\s+cual|en\s+la\s+que|en\s+el\s+que)\s+(?:forman\s+parte|participan))\b"
)
# The members come first and the body right after the verb: "⟦0⟧ y ⟦1⟧ se incorporaron a la ⟦2⟧".
_MEMBERS_BEFORE = re.compile(
    r"\b(?:integran|integraran|conforman|conformaran|componen|forman\s+parte\s+de|formaran\s+parte\s+de"
    r"|se\s+(?:incorporo|incorporaron|incorporara|incorporaran|sumo|sumaron|unio|unieron)\s+a"
    rf"|participan\s+en|participaran\s+en)\s+(?:(?:el|la|los|las)\s+)?{_MENTION}"
)
_SUPPORT_NOUN = re.compile(
    r"\b(?:con\s+el|gracias\s+al)\s+(?:apoyo|respaldo|auspicio|acompanamiento|financiamiento|asistencia\s+tecnica"
    r"|cooperacion)(?:\s+(?:tecnico|tecnica|financiero|financiera))?\s+(?:de|del)\b"
)
_SUPPORT_VERB = re.compile(
    r"\b(?:apoya|apoyan|apoyara|apoyaran|respalda|respaldan|respaldara|respaldaran|brinda|brindan|brindara"
    r"|brindaran|presta|prestan|prestara|prestaran|ofrece|ofrecen|ofrecera|ofreceran|acompana|acompanan"
    r"|acompanara|acompanaran|financia|financian|financiara|financiaran)\b"
)
# Where it ends (the verb after it) is looked up: `_View.relative_subjects`.
_RELATIVE_SUBJECT = re.compile(rf"{_MENTION}\s*(?:\(\s*⟦\d+⟧\s*\)\s*)?,\s*que\s*")
_OWN_PROGRAMME = re.compile(rf"\bsus?\s+{_MENTION}")
_THROUGH = re.compile(rf"\ba\s+traves\s+de(?:l|\s+la|\s+los|\s+las)?\s+(?:(?:su|sus|este|esta)\s+)?{_MENTION}")
_UNIT_PATTERNS: tuple[tuple[re.Pattern[str], int, int], ...] = (  # (pattern, parent group, unit group)
    (re.compile(rf"{_MENTION}\s*\(\s*{_MENTION}\s*\)"), 1, 2),
    (
        re.compile(rf"{_MENTION}\s*(?:,\s*)?a\s+traves\s+de(?:l|\s+la|\s+los|\s+las)?\s+(?:(?:su|sus)\s+)?{_MENTION}"),
        1,
        2,
    ),
    (
        re.compile(
            rf"{_MENTION}\s*(?:,\s*)?(?:adscrit[oa]|perteneciente|dependiente)\s+(?:al|a\s+la|del|de\s+la)\s+{_MENTION}"
        ),
        2,
        1,
    ),
    (re.compile(rf"{_MENTION}\s+(?:del|de\s+la|de)\s+{_MENTION}"), 2, 1),
)
_RUNS_PATTERNS: tuple[tuple[re.Pattern[str], int, int], ...] = (  # (pattern, runner group, programme group)
    (
        re.compile(
            rf"{_MENTION}\s+(?:ejecuta|ejecutara|implementa|implementara|desarrolla|desarrollara|gestiona|administra"
            rf"|lleva\s+a\s+cabo)\s+(?:(?:el|la|su)\s+)?{_MENTION}"
        ),
        1,
        2,
    ),
    (
        re.compile(
            rf"{_MENTION}\s*(?:,\s*)?(?:ejecutad|implementad|desarrollad|gestionad|administrad)[oa]s?\s+por\s+"
            rf"(?:(?:el|la|los|las)\s+)?{_MENTION}"
        ),
        2,
        1,
    ),
)
_RUN_BY_SUBJECT = re.compile(
    rf"{_MENTION}\s*(?:,\s*)?que\s+(?:ejecuta|ejecutan|implementa|implementan|desarrolla|gestiona|administra|lleva\s+a\s+cabo)\b"
)
_LEADER_AFTER = re.compile(
    rf"\b(?:a\s+iniciativa\s+de(?:l|\s+la|\s+los|\s+las)?"
    rf"|(?:presidid|liderad|encabezad|coordinad|conducid|dirigid|impulsad|promovid)[oa]s?\s+por(?:\s+(?:el|la|los|las))?"
    rf"|bajo\s+(?:la|el)\s+(?:presidencia|conduccion|coordinacion|liderazgo|direccion|rectoria)\s+de(?:l|\s+la)?)"
    rf"\s+{_MENTION}"
)
_LEADER_VERB = re.compile(
    rf"{_MENTION}\s+(?P<verb>lidera|liderara|preside|presidira|encabeza|encabezara|conduce|conducira|coordina"
    rf"|coordinara|instalo|instala|creo|crea|conformo|conforma|impulso|impulsa|promovio)\b(?:\s+[^\s⟦]+){{0,8}}?\s+{_MENTION}"
)
_LED_BY_OBJECT = re.compile(
    rf"{_MENTION}\s*(?:,\s*)?(?:que|a\s+la\s+que|al\s+que)\s+(?:lidera|preside|encabeza|conduce|coordina)\s+"
    rf"(?:(?:el|la|los|las)\s+)?{_MENTION}"
)
_LEADER_CLAUSE = re.compile(
    rf"{_MENTION}\s*,\s*que\s+(?:lo|la)\s+(?:preside|presidira|coordina|coordinara|lidera|liderara|encabeza|conduce)\b"
)
_LEADING_VERBS = frozenset(
    ("preside", "presidira", "coordina", "coordinara", "lidera", "liderara", "encabeza", "conduce")
)
_CONVENER = (
    re.compile(rf"\bconvocad[oa]s?\s+por\s+(?:(?:el|la|los|las)\s+)?{_MENTION}"),
    re.compile(rf"{_MENTION}\s+(?:[^\s⟦]+\s+){{0,2}}?(?:convoca|convocara|convocaran|convocan)\b"),
    re.compile(rf"\bconvocatoria\s+(?:[^\s⟦]+\s+){{0,3}}?a\s+cargo\s+de(?:l|\s+la)?\s+{_MENTION}"),
)
_MEETING_CUE = re.compile(
    r"\b(?:(?:se\s+)?(?P<inauguration>inauguro|inauguraron)|fue\s+(?P<inaugurated>inaugurad[oa])"
    r"|(?:se\s+)?(?P<installation>instalo|instalaron)|fue\s+(?P<installed>instalad[oa])"
    r"|(?P<session>sesiono|sesionaron|se\s+reunio|se\s+reunieron"
    r"|(?:celebro|realizo|llevo\s+a\s+cabo)\s+(?:[^\s⟦]+\s+){0,3}?(?:sesion|reunion|asamblea)"
    r"|(?:sesion|reunion)\s+(?:[^\s⟦]+\s+)?(?:realizada|celebrada|efectuada|llevada\s+a\s+cabo)))\b"
)
_MEETING_TOPIC = re.compile(
    r"^\W*(?:en|durante|tras|luego\s+de|al\s+termino\s+de)\s+(?:la|el|esta|este|dicha|dicho|su)\s+"
    r"(?:[a-z]+\s+)?(?:sesion|inauguracion|instalacion|reunion|ceremonia|encuentro)\b"
)
_SERVICE_CUE = re.compile(
    r"\b(?:en\s+favor\s+de|a\s+favor\s+de|vea\s+por|velar?\s+por|vele\s+por|atencion|atend\w*|atiende\w*|beneficia\w*"
    r"|apoyar\s+a|al\s+servicio\s+de|dirigid[oa]s?\s+a|para\s+(?:los|las)|cuentan\s+con|sirve\w*|servir)\b"
)


# ====================================================================== extraction state


@dataclass(slots=True)
class _Draft:
    ref: str
    label: str
    name: str
    known_id: str | None
    key: tuple[str, ...]
    properties: dict[str, Any] = field(default_factory=dict)
    evidence: dict[tuple[int, int], Evidence] = field(default_factory=dict)

    @property
    def candidate(self) -> bool:
        return self.known_id is None


@dataclass(slots=True)
class _FactDraft:
    type: str
    start: str
    end: str
    confidence: float
    properties: dict[str, Any] = field(default_factory=dict)
    evidence: dict[tuple[int, int], Evidence] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    ref: str
    label: str


@dataclass(slots=True)
class _View:
    """A sentence with its mentions replaced by ⟦k⟧ placeholders, folded for matching.

    A sentence may name thousands of actors and the patterns ask about them
    for each cue they find, so where each placeholder is, which mentions have
    each label and where each ")" is are tables made once, and the questions
    are answered by bisection rather than by reading the sentence again.
    """

    sentence: _Sentence
    mentions: list[_Mention]
    masked: str
    pieces: list[tuple[int, str]]
    positions: list[int]  # where placeholder k is in `masked`: increasing with k
    piece_starts: list[int]
    piece_closes: tuple[int, ...]  # for each piece, the index of the first ")" piece at or after it
    mention_pieces: list[int]  # the index among the pieces of each placeholder, by mention
    by_label: dict[str, list[int]]  # the mentions of each label, in order (so by position too)
    label_positions: dict[str, list[int]]  # their positions, in the same order
    framework_ends: frozenset[int]  # where "en el marco de (la)" ends right before a placeholder
    relative_subjects: dict[int, int]  # where "⟦k⟧ (⟦j⟧), que" ends → k

    def label(self, k: int) -> str:
        return self.mentions[k].label

    def ref(self, k: int) -> str:
        return self.mentions[k].ref

    def position(self, k: int) -> int:
        return self.positions[k]

    def indexes(self, label: str) -> list[int]:
        return self.by_label.get(label, [])

    def nearest(self, labels: Iterable[str], pos: int, *, before: bool = False, after: bool = False) -> int | None:
        """The mention of one of `labels` closest to `pos` (the first of two as close), if any."""
        found: list[tuple[int, int]] = []
        for label in set(labels):
            indexes, places = self.by_label.get(label, []), self.label_positions.get(label, [])
            if not after:  # the closest at or before pos
                i = bisect.bisect_right(places, pos) - 1
                if i >= 0:
                    found.append((pos - places[i], indexes[i]))
            if not before:  # the closest at or after pos
                i = bisect.bisect_left(places, pos)
                if i < len(places):
                    found.append((places[i] - pos, indexes[i]))
        return min(found)[1] if found else None

    def mentions_among(self, first: int, stop: int) -> list[int]:
        """The mentions whose placeholders are pieces `first` to `stop` (excluded), in order."""
        places = self.mention_pieces
        return list(range(bisect.bisect_left(places, first), bisect.bisect_left(places, stop)))

    def pieces_from(self, pos: int) -> int:
        """The index of the first piece at or after `pos`."""
        return bisect.bisect_left(self.piece_starts, pos)


class _Reader:
    """Extraction state for one document."""

    def __init__(self, doc: SourceDocument, gazetteer: Gazetteer, ontology: Ontology) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.ontology = ontology
        self.sentences = _sentences(doc.text)
        self.country = _document_country(doc, self.sentences)
        published = doc.metadata.get("published")
        self.published = published if published and re.match(r"^\d{4}", published) else _dateline(self.sentences)
        self.drafts: dict[str, _Draft] = {}
        self.names: dict[tuple[str, ...], str] = {}  # full names seen in the document → ref
        self.short_names: dict[str, str] = {}  # the document's own acronyms and short names → ref
        self.positions: dict[str, list[int]] = {}  # where each actor is named in full, in text order
        self.facts: dict[tuple[str, str, str], _FactDraft] = {}
        self.learning = True
        self.depth = 0  # enumerations read inside the parentheses of an enumeration
        self.capitalised_short_names: dict[str, str] = {}  # "Minsa" for the short name "MINSA"
        self.suffixed: dict[str, dict[tuple[str, ...], str]] = {}  # a candidate's ref → the names sharing it
        # Discourse: the coordination body under discussion and the meetings seen so far.
        self.focus: str | None = None
        self.meetings: dict[str, str] = {}
        self.last_meeting: str | None = None

    # ------------------------------------------------------------ mentions

    def mentions(self, sentence: _Sentence, start: int = 0, stop: int | None = None) -> list[_Mention]:
        tokens = sentence.tokens
        stop = len(tokens) if stop is None else stop
        found: list[_Mention] = []
        i = start
        while i < stop:
            step = (
                self._enumeration(sentence, i)
                or self._figure(sentence, i)
                or self._known(sentence, i)
                or self._short_name(sentence, i)
                or self._shape(sentence, i)
            )
            if step is None:
                i += 1
                continue
            mentions, i = step
            found.extend(mentions)
        return found

    def _enumeration(self, sentence: _Sentence, i: int) -> tuple[list[_Mention], int] | None:
        """ "los Ministerios de Relaciones Exteriores, Trabajo y …, Salud (SIS) y de la Mujer…": one ministry each."""
        tokens = sentence.tokens
        if tokens[i].key != "ministerios" or i + 1 >= len(tokens) or tokens[i + 1].key not in {"de", "del"}:
            return None
        found: list[_Mention] = []
        k = i + 1
        while k < len(tokens):
            lead = k
            while k < len(tokens) and (tokens[k].key in {"de", "del"} or tokens[k].key in _ARTICLES):
                k += 1
            if k >= len(tokens) or not (tokens[k].word and tokens[k].upper):
                break
            start = tokens[i].start if not found else tokens[k].start
            match = self.gazetteer._match(tokens, k, prefix=("ministerio", "de"))
            if match is not None and match.actor.label == INSTITUTION:
                mention, k = self._resolve_known(sentence, k, match, start, in_list=True)
            else:
                end = self._name_end(tokens, k)
                linking = " ".join(t.text for t in tokens[lead:k]) if lead < k else "de"
                name = f"Ministerio {linking} {self._span_text(tokens, k, end)}"
                ref = self._candidate(name, ("ministerio",), self._acronym_after(tokens, end), self.country)
                self._named_at(start, ref)
                mention, k = _Mention(start, tokens[end - 1].end, ref, INSTITUTION), end
            found.append(mention)
            if k < len(tokens) and tokens[k].text == "(" and self.depth < _MAX_DEPTH:
                close = sentence.close_from(k + 1)
                if close is not None:
                    self.depth += 1
                    try:
                        found.extend(self.mentions(sentence, k + 1, close))
                    finally:
                        self.depth -= 1
                    k = close + 1
            if k < len(tokens) and (tokens[k].text == "," or tokens[k].key in {"y", "e"}):
                k += 1
                continue
            break
        return (found, k) if found else None

    def _figure(self, sentence: _Sentence, i: int) -> tuple[list[_Mention], int] | None:
        """A population with its size: "casi tres millones de peruanos que viven en el extranjero"."""
        token = sentence.tokens[i]
        if not (token.key in _FIGURE_STARTS or token.key in _NUMBER_WORDS or token.text[0].isdigit()):
            return None
        figure = _FIGURE.match(sentence.folded, token.start - sentence.start)
        if figure is None:
            return None
        size, approximate = _figure_value(figure)
        if size < 100:
            return None
        after = sentence.token_at(sentence.start + figure.end(), i)
        known = self.gazetteer._match(sentence.tokens, after) if after is not None else None
        if known is not None and known.actor.label == POPULATION:
            ref, end_index = self._known_draft(known.actor), known.end
            end = sentence.tokens[end_index - 1].end
        else:
            people = _PEOPLE.match(sentence.folded, figure.end())
            if people is None:
                return None
            end = sentence.start + people.end()
            name = sentence.text[people.start() : people.end()]
            if people.group("clause") and not people.group("that") and re.match(r"\s+[a-z]+[nr]\b", people["clause"]):
                # "2,8 millones de peruanos residen fuera del país": the verb is the sentence's, the name needs "que".
                cut = people.start("clause") - people.start()
                name = f"{name[:cut]} que{name[cut:]}"
            ref = self._draft(f"population:{_slug(name)}", POPULATION, name[0].upper() + name[1:], None)
            end_index = sentence.first_from(end, i)
        self.drafts[ref].properties.setdefault("size", size)
        self.drafts[ref].properties.setdefault("size_approximate", approximate)
        return [_Mention(token.start, end, ref, POPULATION)], end_index

    def _known(self, sentence: _Sentence, i: int) -> tuple[list[_Mention], int] | None:
        match = self.gazetteer._match(sentence.tokens, i)
        if match is None:
            return None
        mention, end = self._resolve_known(sentence, i, match, sentence.tokens[i].start)
        return [mention], end

    def _resolve_known(
        self, sentence: _Sentence, i: int, match: _Match, start: int, *, in_list: bool = False
    ) -> tuple[_Mention, int]:
        """The known actor matched, unless the text names a longer body or another country's namesake."""
        tokens = sentence.tokens
        actor = match.actor
        country, end, extended = self._continuation(tokens, i, match, in_list=in_list)
        if extended:
            # "Ministerio de Salud Pública" is not the "Ministerio de Salud": a new actor with the longer name.
            ref = self._new_actor(tokens, i, end, actor, country or self.country)
            self._named_at(start, ref)
            return _Mention(start, tokens[end - 1].end, ref, self.drafts[ref].label), end
        where = country or self.country
        if actor.country and where and where != actor.country:
            # "la Cancillería ecuatoriana", or "Ministerio de Educación" in an Ecuadorian release.
            ref = self._counterpart(actor) or self._new_actor(tokens, i, end, actor, where)
            self._named_at(start, ref)
            return _Mention(start, tokens[end - 1].end, ref, self.drafts[ref].label), end
        ref = self._known_draft(actor)
        self._named_at(start, ref)
        if not match.by_acronym:
            self._short_name_after(tokens, end, ref)
        return _Mention(start, tokens[end - 1].end, ref, actor.label), end

    def _continuation(
        self, tokens: Sequence[_Token], i: int, match: _Match, *, in_list: bool
    ) -> tuple[str | None, int, bool]:
        """What follows a known name: a country ("del Perú", "ecuatoriana"), or more of a longer name."""
        end = match.end
        if end >= len(tokens):
            return None, end, False
        after = tokens[end]
        if after.key in _NATIONALITIES:
            return _NATIONALITIES[after.key], end + 1, False
        if after.key in {"de", "del"}:
            k = end + 1 + (end + 1 < len(tokens) and tokens[end + 1].key in _ARTICLES)
            if k < len(tokens) and tokens[k].key in _COUNTRIES:
                return _COUNTRIES[tokens[k].key], k + 1, False
        if match.by_acronym or match.actor.label != INSTITUTION:
            return None, end, False
        if after.word and after.upper and not self._starts_other(tokens, end):
            return None, self._name_end(tokens, end), True  # "Ministerio de Salud Pública"
        # Ministries' names list their sectors: "… y Movilidad Humana", "… de Trabajo, Empleo y Previsión Social".
        # In an enumeration the "y" and the commas separate ministries instead.
        if not in_list and tokens[i].key == "ministerio":
            k = end
            while k + 1 < len(tokens) and tokens[k].text == "," and self._name_word(tokens, k + 1):
                k += 2
            if k + 1 < len(tokens) and tokens[k].key in {"y", "e"} and self._name_word(tokens, k + 1):
                return None, self._name_end(tokens, k + 1), True
        return None, end, False

    def _name_word(self, tokens: Sequence[_Token], k: int) -> bool:
        return tokens[k].word and tokens[k].upper and not self._starts_other(tokens, k, short_names=True)

    def _short_name(self, sentence: _Sentence, i: int) -> tuple[list[_Mention], int] | None:
        token = sentence.tokens[i]
        ref = self.short_names.get(token.text)
        if ref is None and len(token.text) >= 4 and token.upper:
            ref = self.capitalised_short_names.get(token.text)
        if ref is None:
            return None
        return [_Mention(token.start, token.end, ref, self.drafts[ref].label)], i + 1

    def _shape(self, sentence: _Sentence, i: int) -> tuple[list[_Mention], int] | None:
        """An institution known by the shape of its name, or a short reference to one named elsewhere."""
        tokens = sentence.tokens
        head = _head_at(tokens, i)
        if head is None or not tokens[i].word:
            return None
        label = _HEADS[head][0]
        head_end = i + len(head)
        if not tokens[i].upper and label == PROGRAM:
            named = self._programme_named(tokens, i, head_end)
            if named is not None:
                return named
        if not tokens[i].upper:
            # "el programa", "la mesa" (or, in headline style, "impulsa grupo"): only as a reference back
            # to one the document names in full.
            if label == INSTITUTION or i == 0 or tokens[i - 1].key not in _DETERMINERS | _HEADLINE_VERBS:
                return None
            ref = self._antecedent(head, label, tokens[i].start)
            return ([_Mention(tokens[i].start, tokens[head_end - 1].end, ref, label)], head_end) if ref else None
        end = self._name_end(tokens, head_end)
        key = _canonical(t.key for t in tokens[i:end])
        ref = self._antecedent(key, label, tokens[i].start)
        if ref is None:
            if end == head_end:
                return None  # a bare "Comisión" with nothing to refer to
            ref = self._candidate(self._span_text(tokens, i, end), head, self._acronym_after(tokens, end), self.country)
            self._named_at(tokens[i].start, ref)
        return [_Mention(tokens[i].start, tokens[end - 1].end, ref, label)], end

    def _programme_named(self, tokens: Sequence[_Token], i: int, j: int) -> tuple[list[_Mention], int] | None:
        """ "el programa Jóvenes Productivos", 'el proyecto "Fortalecimiento de…"': a programme named after its kind."""
        j += j < len(tokens) and tokens[j].text in {'"', "“", "«", "'"}
        if j >= len(tokens) or not (tokens[j].word and tokens[j].upper) or self.gazetteer._match(tokens, j):
            return None  # not named here, or a known programme ("el programa MIGRANDINA")
        end = self._name_end(tokens, j)
        ref = self._antecedent(_canonical(t.key for t in tokens[j:end]), PROGRAM, tokens[j].start)
        if ref is None:
            ref = self._candidate(
                self._span_text(tokens, j, end), ("programa",), self._acronym_after(tokens, end), None
            )
            self._named_at(tokens[i].start, ref)
        return [_Mention(tokens[i].start, tokens[end - 1].end, ref, PROGRAM)], end

    def _name_end(self, tokens: Sequence[_Token], j: int) -> int:
        """Where a capitalised name that continues at tokens[j] ends (words joined by de, la, y, para, sobre…)."""
        end = k = j
        while k < len(tokens) and tokens[k].word:
            token = tokens[k]
            if token.upper:
                if k > end and self._starts_other(tokens, k):
                    break
                k = end = k + 1
                continue
            if token.key not in _CONNECTORS:
                break
            if token.key in {"y", "e"}:
                following = tokens[k + 1] if k + 1 < len(tokens) else None
                if following is None or not (following.word and following.upper) or self._starts_other(tokens, k + 1):
                    break
            k += 1
        return end

    def _starts_other(self, tokens: Sequence[_Token], k: int, *, short_names: bool = False) -> bool:
        """Whether another actor's name starts at tokens[k] (or, if asked, one of the document's short names)."""
        if _head_at(tokens, k) in _BREAKING_HEADS or (short_names and tokens[k].text in self.short_names):
            return True
        match = self.gazetteer._match(tokens, k)
        return match is not None and match.actor.label in _ACTOR_LABELS

    # ------------------------------------------------------------ actor registry

    def _known_draft(self, actor: KnownActor) -> str:
        if actor.id not in self.drafts:
            self.drafts[actor.id] = _Draft(
                actor.id, actor.label, actor.name, actor.id, _canonical(normalize(actor.name).split())
            )
        if self.learning and actor.label in _ACTOR_LABELS:
            for key in self.gazetteer._keys_of(actor.id):
                self.names.setdefault(key, actor.id)
        return actor.id

    def _draft(self, ref: str, label: str, name: str, known_id: str | None) -> str:
        if ref not in self.drafts:
            self.drafts[ref] = _Draft(ref, label, name, known_id, _canonical(normalize(name).split()))
        return ref

    def _named_at(self, position: int, ref: str) -> None:
        if self.learning:
            self.positions.setdefault(ref, []).append(position)  # the first pass reads in order: sorted

    def _candidate(self, name: str, head: tuple[str, ...], short: str | None, country: str | None) -> str:
        """The document's candidate actor of this name, made on first sight."""
        key = _canonical(normalize(name).split())
        ref = self.names.get(key)
        if ref is None or ref not in self.drafts or not self.drafts[ref].candidate:
            label, kind = _HEADS[head][0], _kind(head, key)
            properties: dict[str, Any] = {}
            if kind:
                properties["kind"] = kind
            if country and kind != "international-organisation" and label != PROGRAM:
                properties["country"] = country
            prefix = "int" if kind == "international-organisation" else (country or "").lower()
            base = _slug(short) if short and _is_acronym(short) else _slug(name)
            ref = self._free_ref(f"candidate:{prefix + '-' if prefix else ''}{base}", key)
            self._draft(ref, label, name, None)
            self.drafts[ref].properties.update(properties)
            self.names[key] = ref
        if short:
            self._add_short_name(ref, short)
        return ref

    def _free_ref(self, ref: str, key: tuple[str, ...]) -> str:
        """`ref`, or `ref` numbered from -2 on when another name has it (long names cut to one slug, one acronym)."""
        if ref not in self.drafts or self.drafts[ref].key == key:
            return ref
        # The names already numbered under this ref, so that the n-th of them costs no walk past the others.
        named = self.suffixed.setdefault(ref, {})
        if key in named:
            return named[key]
        number = len(named) + 2
        while f"{ref}-{number}" in self.drafts and self.drafts[f"{ref}-{number}"].key != key:
            number += 1
        named[key] = f"{ref}-{number}"
        return named[key]

    def _new_actor(self, tokens: Sequence[_Token], i: int, end: int, like: KnownActor, country: str | None) -> str:
        head = _head_at(tokens, i)
        if head is None:
            # "Cancillería colombiana": no head word, so it takes the label and kind of its namesake.
            head = next(
                (h for h, (label, kind) in _HEADS.items() if label == like.label and kind == like.kind), ("oficina",)
            )
        return self._candidate(self._span_text(tokens, i, end), head, self._acronym_after(tokens, end), country)

    def _counterpart(self, actor: KnownActor) -> str | None:
        """The document's own actor standing for a known foreign namesake (another country's foreign ministry)."""
        key = _canonical(normalize(actor.name).split())
        refs = [
            ref
            for name, ref in self.names.items()
            if name[: len(key)] == key and ref in self.drafts and self.drafts[ref].candidate
        ]
        return refs[0] if len(set(refs)) == 1 else None

    def _antecedent(self, key: tuple[str, ...], label: str, position: int) -> str | None:
        """The actor named in full that a shorter reference ("la Mesa de Trabajo") stands for."""
        # The longest names that extend the key: in sorted order a name that another extends comes right before one
        # that does, and both extend the key, so the test needs only the longer names themselves.
        longer = sorted(name for name in self.names if len(name) > len(key) and name[: len(key)] == key)
        refs = {
            self.names[name]
            for k, name in enumerate(longer)
            if not (k + 1 < len(longer) and longer[k + 1][: len(name)] == name)
            and self.drafts[self.names[name]].label == label
        }
        if not refs:
            return None
        # The one named last before the reference, else the one named first after it.
        before: list[tuple[int, str]] = []
        after: list[tuple[int, str]] = []
        for ref in refs:
            positions = self.positions.get(ref, [])
            k = bisect.bisect_left(positions, position)
            if k:
                before.append((positions[k - 1], ref))
            if k < len(positions):
                after.append((positions[k], ref))
        if before:
            return max(before)[1]
        return min(after)[1] if after else sorted(refs)[0]

    def _acronym_after(self, tokens: Sequence[_Token], end: int) -> str | None:
        """The short name in parentheses right after a name: "(OIM)", "(EsSalud)", "(Migraciones)"."""
        if end + 2 >= len(tokens) or tokens[end].text != "(" or tokens[end + 2].text != ")":
            return None
        short = tokens[end + 1]
        if not (short.word and short.upper) or short.key in _COUNTRIES:
            return None
        match = self.gazetteer._match(tokens, end + 1)
        if match is not None and match.end == end + 2:
            return None  # a known actor of its own: a unit, not a short name
        return short.text

    def _short_name_after(self, tokens: Sequence[_Token], end: int, ref: str) -> None:
        short = self._acronym_after(tokens, end)
        if short:
            self._add_short_name(ref, short)

    def _add_short_name(self, ref: str, short: str) -> None:
        if self.learning and short not in self.short_names:
            self.short_names[short] = ref
            if short.isupper():
                self.capitalised_short_names.setdefault(short.capitalize(), ref)
            draft = self.drafts[ref]
            if draft.candidate:
                if _is_acronym(short):
                    draft.properties.setdefault("acronym", short)
                else:
                    draft.properties.setdefault("aliases", [short])

    @staticmethod
    def _span_text(tokens: Sequence[_Token], i: int, end: int) -> str:
        # The name as written, with line breaks and runs of spaces made single spaces.
        return re.sub(r"\s+", " ", " ".join(t.text for t in tokens[i:end]).replace(" ,", ",").replace(" - ", "-"))

    # ------------------------------------------------------------ facts

    def fact(self, kind: str, start: str, end: str, view: _View, confidence: float, **properties: Any) -> None:
        """Record a relationship, if the ontology allows it between these labels."""
        if start == end:
            return
        spec = self.ontology.relationships[kind]
        if self.drafts[start].label not in spec.from_labels or self.drafts[end].label not in spec.to_labels:
            return
        draft = self.facts.setdefault((kind, start, end), _FactDraft(kind, start, end, confidence))
        draft.confidence = max(draft.confidence, confidence)
        for name, value in properties.items():
            if value is not None:
                draft.properties.setdefault(name, value)
        evidence = view.sentence.evidence
        draft.evidence[(evidence.start, evidence.end)] = evidence
        for ref in (start, end):
            self.drafts[ref].evidence.setdefault((evidence.start, evidence.end), evidence)

    def theme(self, theme_id: str) -> str:
        return self._draft(theme_id, THEME, _theme_names()[theme_id], theme_id)

    def meeting(self, body: str, kind: str, date: _Date) -> str:
        """The meeting of `body` on `date`: the known one of the same name, or a new one."""
        draft = self.drafts[body]
        article = "del" if draft.key and draft.key[0] in _MASCULINE_HEADS else "de la"
        name = f"{kind} {article} {draft.name}"
        known = self.gazetteer.lookup(name)
        if known is not None and known.label == MEETING:
            ref = self._known_draft(known)
        else:
            body_id = draft.known_id or draft.ref.split(":", 1)[1]
            ref = self._draft(f"meeting:{body_id}-{_slug(kind)}-{date.value.lstrip('-')}", MEETING, name, None)
        properties = self.drafts[ref].properties
        properties.setdefault("date", date.value)
        properties.setdefault("date_precision", date.precision)
        properties.setdefault("year_known", date.year_known)
        if date.year_inferred:
            properties.setdefault("year_inferred", True)
        return ref


def _is_acronym(text: str) -> bool:
    return bool(_ACRONYM.fullmatch(text) or _MIXED_ACRONYM.fullmatch(text))


# ====================================================================== relations


def _view(sentence: _Sentence, mentions: Sequence[_Mention]) -> _View:
    parts: list[str] = []
    positions: list[int] = []
    length = 0
    position = sentence.start
    for k, mention in enumerate(mentions):
        # The text's own brackets would read as placeholders: they become plain ones.
        part = sentence.text[position - sentence.start : mention.start - sentence.start]
        parts.append(part.replace("⟦", "[").replace("⟧", "]"))
        positions.append(length + len(part))
        parts.append(f"⟦{k}⟧")
        length += len(part) + len(parts[-1])
        position = mention.end
    parts.append(sentence.text[position - sentence.start :].replace("⟦", "[").replace("⟧", "]"))
    masked = _fold("".join(parts))
    pieces = [(m.start(), m.group()) for m in _PIECE.finditer(masked)]
    by_label: dict[str, list[int]] = {}
    label_positions: dict[str, list[int]] = {}
    for k, mention in enumerate(mentions):
        by_label.setdefault(mention.label, []).append(k)
        label_positions.setdefault(mention.label, []).append(positions[k])
    return _View(
        sentence,
        list(mentions),
        masked,
        pieces,
        positions,
        [p for p, _ in pieces],
        _closes(pieces),
        [k for k, (_, piece) in enumerate(pieces) if piece.startswith("⟦")],
        by_label,
        label_positions,
        frozenset(m.end() for m in _FRAMEWORK.finditer(masked)),
        {m.end(): int(m.group(1)) for m in reversed(list(_RELATIVE_SUBJECT.finditer(masked)))},
    )


def _mention_index(piece: str) -> int | None:
    return int(piece[1:-1]) if piece.startswith("⟦") else None


def _list_after(view: _View, pos: int, stop: int | None = None) -> list[tuple[int, list[int]]]:
    """The actors listed from `pos` on ("la ⟦0⟧, el ⟦1⟧ (⟦2⟧) y ⟦3⟧"), each with the units named after it."""
    items: list[tuple[int, list[int]]] = []
    pieces = view.pieces
    end = len(pieces) if stop is None else view.pieces_from(stop)
    k = view.pieces_from(pos)
    while k < end:
        piece = pieces[k][1]
        index = _mention_index(piece)
        if index is not None:
            items.append((index, []))
        elif piece == "(":
            close = min(view.piece_closes[k + 1], end) if k + 1 < end else end
            units = view.mentions_among(k + 1, close)
            if items:
                items[-1][1].extend(units)
            k = close
        elif piece == "a" and [s for _, s in pieces[k + 1 : min(k + 3, end)]] in (["traves", "de"], ["traves", "del"]):
            k += 3
            while k < end and pieces[k][1] in _ARTICLES | {"su", "sus"}:
                k += 1
            unit = _mention_index(pieces[k][1]) if k < end else None
            if unit is None or not items:
                break
            items[-1][1].append(unit)
        elif piece == "que" and [s for _, s in pieces[k + 1 : min(k + 2, end)]] in (["lo"], ["la"]):
            if k + 2 >= end or pieces[k + 2][1] not in _LEADING_VERBS:
                break
            k += 2  # "…, que lo preside, …" interrupts a list without ending it
        elif piece not in _GLUE:
            break
        k += 1
    return items


def _list_before(view: _View, pos: int) -> list[tuple[int, list[int]]]:
    """The actors listed right before `pos` ("⟦0⟧ y la ⟦1⟧ se incorporaron…")."""
    start = pos
    for k in range(view.pieces_from(pos) - 1, -1, -1):
        p, piece = view.pieces[k]
        if _mention_index(piece) is None and piece not in _GLUE | {"(", ")", "traves"}:
            break
        start = p
    return _list_after(view, start, pos)


def _relate(reader: _Reader, view: _View) -> None:
    """Every relationship the sentence states."""
    held = _meetings(reader, view)
    topic = _topic_meeting(reader, view)
    _memberships(reader, view, held or topic)
    _units(reader, view)
    _support(reader, view)
    _runs(reader, view)
    _leadership(reader, view)
    _convening(reader, view)
    _service(reader, view)
    _themes(reader, view, topic)
    bodies = view.indexes(BODY)
    if bodies:
        reader.focus = view.ref(bodies[-1])


def _body_for(reader: _Reader, view: _View, pos: int, **where: bool) -> tuple[str | None, float]:
    """The body a pattern at `pos` is about: the nearest named in the sentence, else the one under discussion."""
    k = view.nearest([BODY], pos, **where)
    if k is None and where:
        k = view.nearest([BODY], pos)
    if k is not None:
        return view.ref(k), _STATED
    return reader.focus, _FROM_CONTEXT


def _meetings(reader: _Reader, view: _View) -> str | None:
    """ "La Mesa … se inauguró el 11 de agosto": a Meeting the body HELD."""
    dates = _dates(view.masked, reader.published)
    places = [p for p, _ in dates]
    found = None
    for cue in _MEETING_CUE.finditer(view.masked):
        later, earlier = bisect.bisect_right(places, cue.start()), bisect.bisect_left(places, cue.start())
        date = dates[later][1] if later < len(dates) else (dates[earlier - 1][1] if earlier else None)
        body, confidence = _body_for(reader, view, cue.start())
        if date is None or body is None:
            continue
        if cue.group("inauguration") or cue.group("inaugurated"):
            kind = "Inauguración"
        elif cue.group("installation") or cue.group("installed"):
            kind = "Instalación"
        else:
            kind = "Sesión"
        found = reader.meeting(body, kind, date)
        reader.fact("HELD", body, found, view, confidence)
        reader.meetings[body] = found
        reader.last_meeting = found
    return found


def _topic_meeting(reader: _Reader, view: _View) -> str | None:
    """ "En la inauguración, …": the sentence reports a meeting already named."""
    if not _MEETING_TOPIC.match(view.masked):
        return None
    return reader.meetings.get(reader.focus or "") or reader.last_meeting


def _memberships(reader: _Reader, view: _View, meeting: str | None) -> None:
    since = reader.drafts[meeting].properties.get("date") if meeting else None
    for cue in _MEMBERS_AFTER.finditer(view.masked):
        body, confidence = _body_for(reader, view, cue.start(), before=True)
        _members(reader, view, _list_after(view, cue.end()), body, confidence, since)
    for cue in _MEMBERS_BEFORE.finditer(view.masked):
        joined = int(cue.group(1))
        if view.label(joined) == BODY:
            _members(reader, view, _list_before(view, cue.start()), view.ref(joined), _STATED, since)


def _members(
    reader: _Reader, view: _View, items: list[tuple[int, list[int]]], body: str | None, confidence: float, since: Any
) -> None:
    if body is None:
        return
    for index, units in items:
        reader.fact("MEMBER_OF", view.ref(index), body, view, confidence, valid_from=since)
        for unit in units:
            _unit(reader, view, index, unit)


def _unit(reader: _Reader, view: _View, parent: int, unit: int) -> None:
    """A unit named with its parent: PART_OF between institutions, RUNS for a programme."""
    if view.label(parent) == INSTITUTION and view.label(unit) == PROGRAM:
        reader.fact("RUNS", view.ref(parent), view.ref(unit), view, _STATED)
    else:
        reader.fact("PART_OF", view.ref(unit), view.ref(parent), view, _STATED)


def _units(reader: _Reader, view: _View) -> None:
    for pattern, parent, unit in _UNIT_PATTERNS:
        for match in pattern.finditer(view.masked):
            _unit(reader, view, int(match.group(parent)), int(match.group(unit)))


def _support(reader: _Reader, view: _View) -> None:
    """ "con el apoyo de X a través del Programa P" (X RUNS P, P SUPPORTS the body), "X apoya a la Mesa"."""
    through = [int(m.group(1)) for m in _THROUGH.finditer(view.masked) if view.label(int(m.group(1))) == PROGRAM]
    for cue in _SUPPORT_NOUN.finditer(view.masked):
        k = view.nearest([BODY], cue.start(), before=True)
        k = view.nearest([PROGRAM], cue.start(), before=True) if k is None else k
        target, confidence = (view.ref(k), _STATED) if k is not None else (reader.focus, _FROM_CONTEXT)
        _supporters(reader, view, _list_after(view, cue.end()), through, target, confidence)
    for cue in _SUPPORT_VERB.finditer(view.masked):
        k = view.nearest([BODY, PROGRAM], cue.end(), after=True)
        if k is None:
            continue
        supporters = _list_before(view, cue.start())
        relative = view.relative_subjects.get(cue.start())
        if not supporters and relative is not None:  # "la ⟦OIM⟧ (⟦OIM⟧), que financia el ⟦P⟧"
            supporters = [(relative, [])]
        _supporters(reader, view, supporters, through, view.ref(k), _STATED)


def _supporters(
    reader: _Reader,
    view: _View,
    items: list[tuple[int, list[int]]],
    through: list[int],
    target: str | None,
    confidence: float,
) -> None:
    if target is None:
        return
    for index, units in items:
        programmes = [u for u in units if view.label(u) == PROGRAM] or through
        if view.label(index) == INSTITUTION and programmes:
            for programme in programmes:
                reader.fact("RUNS", view.ref(index), view.ref(programme), view, _STATED)
                reader.fact("SUPPORTS", view.ref(programme), target, view, confidence)
        else:
            reader.fact("SUPPORTS", view.ref(index), target, view, confidence)


def _runs(reader: _Reader, view: _View) -> None:
    for pattern, runner, programme in _RUNS_PATTERNS:
        for match in pattern.finditer(view.masked):
            reader.fact(
                "RUNS", view.ref(int(match.group(runner))), view.ref(int(match.group(programme))), view, _STATED
            )
    for match in _OWN_PROGRAMME.finditer(view.masked):  # "… a través de su programa P": the subject's
        programme = int(match.group(1))
        owner = view.nearest([INSTITUTION], view.position(programme), before=True)
        if owner is not None and view.label(programme) == PROGRAM:
            reader.fact("RUNS", view.ref(owner), view.ref(programme), view, _STATED_WEAKLY)
    for match in _RUN_BY_SUBJECT.finditer(view.masked):
        programme = int(match.group(1))
        subject = view.nearest([INSTITUTION], view.position(programme), before=True)
        if subject is not None:
            reader.fact("RUNS", view.ref(subject), view.ref(programme), view, _STATED_WEAKLY)


def _leadership(reader: _Reader, view: _View) -> None:
    """ "a iniciativa de X", "presidida por X", "X instaló la Mesa", "la Mesa, que lidera X"."""
    for match in _LEADER_AFTER.finditer(view.masked):
        leader = int(match.group(1))
        body, confidence = _body_for(reader, view, match.start(), before=True)
        if body is not None and view.label(leader) == INSTITUTION:
            reader.fact("LEADS", view.ref(leader), body, view, confidence)
    for match in _LEADER_VERB.finditer(view.masked):
        subject, led = int(match.group(1)), int(match.group(3))
        if view.label(led) == BODY:
            reader.fact("LEADS", view.ref(subject), view.ref(led), view, _STATED)
    for match in _LED_BY_OBJECT.finditer(view.masked):
        reader.fact("LEADS", view.ref(int(match.group(2))), view.ref(int(match.group(1))), view, _STATED)
    for match in _LEADER_CLAUSE.finditer(view.masked):  # "… con la participación del X, que lo preside, …"
        body, confidence = _body_for(reader, view, match.start(), before=True)
        if body is not None:
            reader.fact("LEADS", view.ref(int(match.group(1))), body, view, confidence)


def _convening(reader: _Reader, view: _View) -> None:
    for pattern in _CONVENER:
        for match in pattern.finditer(view.masked):
            convener = int(match.group(1))
            body, confidence = _body_for(reader, view, match.start())
            if body is not None:
                reader.fact("CONVENES", view.ref(convener), body, view, confidence)


def _service(reader: _Reader, view: _View) -> None:
    """A body, programme or institution acting for a population named in the same sentence."""
    if not _SERVICE_CUE.search(view.masked):
        return
    for population in view.indexes(POPULATION):
        pos = view.position(population)
        k = view.nearest([BODY], pos) if view.indexes(BODY) else view.nearest([PROGRAM], pos)
        confidence = _STATED_WEAKLY
        if k is None:
            k, confidence = view.nearest([INSTITUTION], pos, before=True), _SERVES_BY_PROXIMITY
        if k is not None:
            reader.fact("SERVES", view.ref(k), view.ref(population), view, confidence)


def _themes(reader: _Reader, view: _View, meeting: str | None) -> None:
    """Policy themes the sentence says someone works on: ADDRESSES from the meeting, body, programme or subject."""
    themes = [theme for theme, pattern in _THEMES if pattern.search(view.masked)]
    if not themes or not _PURPOSE.search(view.masked):
        return
    # A body named only as the framework ("en el marco de la Mesa") is not what the sentence is about.
    named = [k for k in view.indexes(BODY) + view.indexes(PROGRAM) if view.position(k) not in view.framework_ends]
    subjects: list[str] = []
    confidence = _THEME_STATED
    if meeting is not None:
        subjects = [meeting]
    elif named:
        subjects = [view.ref(named[0])]
    else:
        # The institutions the sentence opens with: "La ⟦0⟧ y el ⟦1⟧ suscribieron un convenio para…".
        subjects = [view.ref(i) for i, _ in _list_after(view, 0) if view.label(i) == INSTITUTION]
        if not subjects and reader.focus is not None:
            subjects, confidence = [reader.focus], _THEME_FROM_CONTEXT
    for subject in subjects:
        for theme in themes:
            reader.fact("ADDRESSES", subject, reader.theme(theme), view, confidence)


# ====================================================================== the stage


def extract(doc: SourceDocument, gazetteer: Gazetteer) -> Extraction:
    """The actors and facts `doc` states, resolved against `gazetteer`.

    Raises DocumentError when the document is not Spanish (see
    `document_text.require_spanish`) or names no institution, programme or
    coordination body.
    """
    require_spanish(doc)
    reader = _Reader(doc, gazetteer, load_ontology())
    for sentence in reader.sentences:
        reader.mentions(sentence)
    reader.learning = False
    views = []
    for sentence in reader.sentences:
        mentions = reader.mentions(sentence)
        for mention in mentions:
            reader.drafts[mention.ref].evidence.setdefault((sentence.start, sentence.end), sentence.evidence)
        views.append(_view(sentence, mentions))
    named = [v for view in views for v in view.mentions if v.label in _ACTOR_LABELS]
    if not named:
        raise DocumentError(
            doc.path, "no institution, programme or coordination body is named in this document; nothing to extract"
        )
    reader.focus = next((m.ref for view in views for m in view.mentions if m.label == BODY), None)
    for view in views:
        _relate(reader, view)
    return Extraction(doc, _actors(reader), _facts(reader))


def _actors(reader: _Reader) -> tuple[ExtractedActor, ...]:
    drafts = [d for d in reader.drafts.values() if d.evidence]
    drafts.sort(key=lambda d: (min(d.evidence), d.ref))
    return tuple(
        ExtractedActor(
            ref=d.ref,
            label=d.label,
            name=d.name,
            known_id=d.known_id,
            candidate=d.candidate,
            evidence=tuple(e for _, e in sorted(d.evidence.items())),
            properties=dict(d.properties),
        )
        for d in drafts
    )


def _facts(reader: _Reader) -> tuple[ExtractedFact, ...]:
    facts = sorted(reader.facts.values(), key=lambda f: (min(f.evidence), f.type, f.start, f.end))
    return tuple(
        ExtractedFact(
            type=f.type,
            start_ref=f.start,
            end_ref=f.end,
            properties=dict(f.properties),
            confidence=round(f.confidence, 2),
            candidate=f.confidence < CANDIDATE_THRESHOLD
            or reader.drafts[f.start].candidate
            or reader.drafts[f.end].candidate,
            evidence=tuple(e for _, e in sorted(f.evidence.items())),
        )
        for f in facts
    )
