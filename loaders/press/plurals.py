"""Enumerations under a plural head: one actor per item, named in full and in the singular.

"los ministerios de Salud, Trabajo y Educación" names the Ministerio de Salud,
the Ministerio de Trabajo and the Ministerio de Educación; "los Consejos
Cantonales de Protección de Derechos de Latacunga y Ambato" two councils whose
names share everything but the place; "las cancillerías de Chile y Perú" two
foreign ministries, one per country; "los ministerios de:" followed by dash
items one ministry per item, each item taken whole ("-Trabajo y Seguridad
Social."). Commas separate items; a "y" inside an item stays when the list
ends with ", y" (", Salud Pública y Asistencia Social, y Desarrollo Social"),
else the last "y" of the last item is the list's. An item that is an actor of
its own ("… y el Instituto Colombiano de Bienestar Familiar") ends the list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from loaders.press.country import country_at
from loaders.press.lexicon import words
from loaders.press.names import PLURAL_ADJECTIVES, PLURAL_HEADS
from loaders.press.sentences import Token
from loaders.press.text import ARTICLES

__all__ = ["BULLETS", "PluralItem", "plural_items"]

BULLETS = frozenset({"-", "•", "*", "–", "—", "·", "‐"})
_LINKS = frozenset({"de", "del"}) | ARTICLES
_INSIDE = words("grammar", "item_connectors")


@dataclass(frozen=True, slots=True)
class PluralItem:
    """One item: its full singular name, the tokens it spans (`first` to `end`), the country it names if one."""

    name: str
    first: int
    end: int
    country: str | None = None
    units: tuple[int, int] | None = None  # the tokens inside the parentheses right after it ("Salud (SIS)")


def plural_items(
    tokens: Sequence[Token],
    i: int,
    is_bullet: Callable[[int], bool],
    stands_alone: Callable[[int], bool],
    known: Callable[[str], bool],
) -> tuple[list[PluralItem], int] | None:
    """The items of an enumeration under the plural head at tokens[i], and the index after it; None if none.

    `is_bullet(k)` says tokens[k] starts a dash item on its own line; `stands_alone(k)` that an actor of its
    own starts at tokens[k] (a head word, a known name); `known(name)` that a full name is a known actor's.
    """
    singular = PLURAL_HEADS.get(tokens[i].key)
    if singular is None:
        return None
    head = [singular]
    k = i + 1
    while k < len(tokens) and tokens[k].key in PLURAL_ADJECTIVES:
        head.append(PLURAL_ADJECTIVES[tokens[k].key])
        k += 1
    if k >= len(tokens) or tokens[k].key not in {"de", "del"}:
        return None
    if k + 1 < len(tokens) and tokens[k + 1].text == ":":
        return _bullets(tokens, k, " ".join(head), is_bullet)
    return _inline(tokens, k, " ".join(head), stands_alone, known)


def _text(tokens: Sequence[Token], first: int, end: int) -> str:
    return " ".join(t.text for t in tokens[first:end]).replace(" ,", ",")


def _bullets(
    tokens: Sequence[Token], link: int, head: str, is_bullet: Callable[[int], bool]
) -> tuple[list[PluralItem], int] | None:
    """ "los ministerios de:" then "-Hacienda." lines: each item whole, up to its full stop, semicolon or "y"."""
    items: list[PluralItem] = []
    k = link + 2
    joiner = tokens[link].text
    while k < len(tokens) and is_bullet(k):
        first = k + 1
        end = first
        while end < len(tokens) and tokens[end].text not in {".", ";"} and not is_bullet(end):
            end += 1
        stop = end
        if stop - 1 > first and tokens[stop - 1].key in {"y", "e"}:
            stop -= 1  # "-Salud y" before the last item
        if stop > first and tokens[first].word and tokens[first].upper:
            items.append(PluralItem(f"{head} {joiner} {_text(tokens, first, stop)}", first, stop))
        k = end + (end < len(tokens) and tokens[end].text in {".", ";"})
    return (items, k) if items else None


def _inline(
    tokens: Sequence[Token], link: int, head: str, stands_alone: Callable[[int], bool], known: Callable[[str], bool]
) -> tuple[list[PluralItem], int] | None:
    """ "de Salud, Trabajo y Educación": the comma segments, the stem the first one shares, the last "y"."""
    segments: list[tuple[int, int, tuple[int, int] | None]] = []  # token spans from their linking words, units
    k = start = link
    units: tuple[int, int] | None = None
    while k < len(tokens):
        token = tokens[k]
        if token.text == "(" and units is None:
            close = next((c for c in range(k + 1, min(len(tokens), k + 40)) if tokens[c].text == ")"), None)
            if close is None:
                break
            units = (k + 1, close)
            k = close + 1
            continue
        if token.text in {",", ";"}:
            segments.append((start, k, units))
            start, units = k + 1, None
        elif not token.word or not (token.upper or token.key in _INSIDE or token.text[0].isdigit()):
            break
        elif token.key == "en" and stands_alone(k + 1):
            break  # "las alcaldías de Cúcuta y Villa del Rosario en la Mesa …": the list ends at the body
        k += 1
    segments.append((start, k, units))
    segments = [(a, b, u) for a, b, u in segments if b > a]
    if not segments:
        return None
    # The last segment holds the list's conjunction unless one segment starts with it (", y Desarrollo Social").
    last_a, last_b, last_units = segments[-1]
    if not any(tokens[a].key in {"y", "e"} for a, _, _ in segments[1:]):
        cut = _conjunction(tokens, last_a, last_b, last_units)
        # "… Salud y Trabajo y el Servicio Nacional de Aprendizaje": the list ends before the actor of its own,
        # and its own conjunction is the one before that.
        while cut is not None and stands_alone(cut + 1):
            last_b, last_units = cut, (last_units if last_units and last_units[1] < cut else None)
            segments[-1] = (last_a, last_b, last_units)
            cut = _conjunction(tokens, last_a, last_b, last_units)
        if cut is not None:
            before = last_units if last_units and last_units[1] < cut else None
            segments[-1:] = [(last_a, cut, before), (cut, last_b, None if before else last_units)]
    items: list[PluralItem] = []
    stem = ""
    joiner = tokens[link].text
    for n, (a, b, unit_span) in enumerate(segments):
        if tokens[a].key in {"y", "e"}:
            a += 1
        links = a
        while links < b and tokens[links].key in _LINKS:
            links += 1
        if links >= b or not tokens[links].upper or (n and (stands_alone(a) or stands_alone(links))):
            break
        end = _trim(tokens, links, unit_span[0] - 1 if unit_span else b)
        if n == 0:
            # "de Protección de Derechos de Latacunga": what comes before the last "de" is every item's,
            # unless the whole is a known name ("de Trabajo y Promoción del Empleo").
            cut = _last_link(tokens, links, end)
            whole = f"{head} {_text(tokens, a, end)}"
            if cut is not None and len(segments) > 1 and head != "Ministerio" and not known(whole):
                stem = " " + _text(tokens, a, cut)
                joiner, links = tokens[cut].text, cut + 1
                while links < end and tokens[links].key in ARTICLES:
                    joiner, links = f"{joiner} {tokens[links].text}", links + 1
            elif links > a:
                joiner = _text(tokens, a, links)
            items.append(_item(tokens, head, stem, joiner, links, end, unit_span))
        else:
            item_joiner = _text(tokens, a, links) if links > a else joiner.split()[0]
            items.append(_item(tokens, head, stem, item_joiner, links, end, unit_span))
    if not items:
        return None
    last = items[-1]
    return items, (last.units[1] + 1 if last.units else last.end)


def _item(
    tokens: Sequence[Token], head: str, stem: str, joiner: str, first: int, end: int, units: tuple[int, int] | None
) -> PluralItem:
    place = country_at([t.key for t in tokens[first:end]])
    country = place[0] if place and place[1] == end - first else None
    return PluralItem(f"{head}{stem} {joiner} {_text(tokens, first, end)}", first, end, country, units)


def _trim(tokens: Sequence[Token], first: int, end: int) -> int:
    """The end of an item without the connectors it trails ("Salud y")."""
    while end > first + 1 and not tokens[end - 1].upper:
        end -= 1
    return end


def _conjunction(tokens: Sequence[Token], first: int, end: int, skip: tuple[int, int] | None) -> int | None:
    """Where the last segment's list conjunction is.

    A "y" with its own link ("… y del Interior", "… y de la Mujer"), else the last "y" before a capital or an
    article, else the last such "e"; never inside the parentheses `skip`.
    """
    candidates = [k for k in range(first + 1, end - 1) if not (skip and skip[0] - 1 <= k <= skip[1])]
    for k in candidates:
        if tokens[k].key == "y" and tokens[k + 1].key in {"de", "del"} and tokens[min(k + 2, end - 1)].word:
            return k
    for wanted in ("y", "e"):
        for k in reversed(candidates):
            if tokens[k].key == wanted and (tokens[k + 1].upper or tokens[k + 1].key in ARTICLES):
                return k
    return None


def _last_link(tokens: Sequence[Token], first: int, end: int) -> int | None:
    """The last "de" of a segment that has several, followed by a capitalised word."""
    links = [k for k in range(first, end - 1) if tokens[k].key in {"de", "del"} and tokens[k + 1].upper]
    return links[-1] if len(links) >= 1 and first < links[-1] else None
