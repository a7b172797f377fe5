"""A sentence with its mentions masked as ⟦k⟧ placeholders, and the enumerations read in it."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from loaders.press.country import CITIES
from loaders.press.patterns import AFTER_MEMBER, CLAUSE_MARKERS, FRAMEWORK, GLUE, LEADING_VERBS, PIECE, RELATIVE_SUBJECT
from loaders.press.sentences import Sentence, closes_of
from loaders.press.text import ARTICLES, fold


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    ref: str
    label: str


@dataclass(slots=True)
class View:
    """A sentence with its mentions replaced by ⟦k⟧ placeholders, folded for matching.

    A sentence may name thousands of actors and the patterns ask about them
    for each cue they find, so where each placeholder is, which mentions have
    each label and where each ")" is are tables made once, and the questions
    are answered by bisection rather than by reading the sentence again.
    """

    sentence: Sentence
    mentions: list[Mention]
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


def make_view(sentence: Sentence, mentions: Sequence[Mention]) -> View:
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
    masked = fold("".join(parts))
    pieces = [(m.start(), m.group()) for m in PIECE.finditer(masked)]
    by_label: dict[str, list[int]] = {}
    label_positions: dict[str, list[int]] = {}
    for k, mention in enumerate(mentions):
        by_label.setdefault(mention.label, []).append(k)
        label_positions.setdefault(mention.label, []).append(positions[k])
    return View(
        sentence,
        list(mentions),
        masked,
        pieces,
        positions,
        [p for p, _ in pieces],
        closes_of(pieces),
        [k for k, (_, piece) in enumerate(pieces) if piece.startswith("⟦")],
        by_label,
        label_positions,
        frozenset(m.end() for m in FRAMEWORK.finditer(masked)),
        {m.end(): int(m.group(1)) for m in reversed(list(RELATIVE_SUBJECT.finditer(masked)))},
    )


def mention_index(piece: str) -> int | None:
    return int(piece[1:-1]) if piece.startswith("⟦") else None


def list_after(view: View, pos: int, stop: int | None = None) -> list[tuple[int, list[int]]]:
    """The actors listed from `pos` on ("la ⟦0⟧, el ⟦1⟧ (⟦2⟧) y ⟦3⟧"), each with the units named after it."""
    items: list[tuple[int, list[int]]] = []
    pieces = view.pieces
    end = len(pieces) if stop is None else view.pieces_from(stop)
    k = view.pieces_from(pos)
    since_item: list[str] = []  # the glue read since the last item
    joined_by_comma = False  # whether the last item came after a comma or a semicolon
    while k < end:
        piece = pieces[k][1]
        index = mention_index(piece)
        if index is not None:
            # "el ⟦0⟧ de la ⟦1⟧": a unit and its parent (PART_OF, read apart); one member, the unit.
            if not (items and " ".join(since_item) in _OF_PARENT):
                items.append((index, []))
                joined_by_comma = "," in since_item or ";" in since_item
            since_item = []
        elif piece == "(":
            close = min(view.piece_closes[k + 1], end) if k + 1 < end else end
            units = view.mentions_among(k + 1, close)
            if items:
                items[-1][1].extend(units)
            k = close
        elif piece == "a" and [s for _, s in pieces[k + 1 : min(k + 3, end)]] in (["traves", "de"], ["traves", "del"]):
            k += 3
            while k < end and pieces[k][1] in ARTICLES | {"su", "sus"}:
                k += 1
            unit = mention_index(pieces[k][1]) if k < end else None
            if unit is None or not items:
                break
            items[-1][1].append(unit)
        elif piece in {"que", "quien"} and [s for _, s in pieces[k + 1 : min(k + 2, end)]] in (["lo"], ["la"]):
            if k + 2 >= end or pieces[k + 2][1] not in LEADING_VERBS:
                break
            k += 2  # "…, que lo preside, …" interrupts a list without ending it
        elif piece == "." and k + 1 < end and pieces[k + 1][1] in BULLET_PIECES:
            pass  # "-Hacienda.\n-Salud y\n-Trabajo …": a full stop between dash items
        elif piece == "en" and items and _city_after(pieces, k + 1, end):
            k += _city_after(pieces, k + 1, end)  # "el ⟦0⟧ en Mexicali y la ⟦1⟧": a place, not the end
        elif any(tuple(w for _, w in pieces[k : k + len(m)]) == m for m in CLAUSE_MARKERS):
            if items and joined_by_comma:
                items.pop()  # "…; la ⟦1⟧, por su parte, supervisa"
            break
        elif piece not in GLUE:
            # "…, y la ⟦2⟧ supervisa su trabajo": the last one is the subject of a clause of its own.
            if items and not since_item and joined_by_comma and piece[0].isalpha() and piece not in AFTER_MEMBER:
                items.pop()
            break
        else:
            since_item.append(piece)
        k += 1
    return items


_OF_PARENT = frozenset({"de", "del", "de la", "de los", "de las", "de el"})
BULLET_PIECES = frozenset({"-", "•", "*", "–", "—", "·", "‐"})


def _city_after(pieces: Sequence[tuple[int, str]], k: int, end: int) -> int:
    """How many pieces from `k` on name a city ("mexicali", "santa cruz"), 0 if none."""
    for size in (3, 2, 1):
        words = [w for _, w in pieces[k : min(k + size, end)]]
        if len(words) == size and " ".join(words) in CITIES:
            return size
    return 0


def list_before(view: View, pos: int) -> list[tuple[int, list[int]]]:
    """The actors listed right before `pos` ("⟦0⟧ y la ⟦1⟧ se incorporaron…")."""
    start = pos
    for k in range(view.pieces_from(pos) - 1, -1, -1):
        p, piece = view.pieces[k]
        if mention_index(piece) is None and piece not in GLUE | {"(", ")", "traves"}:
            break
        start = p
    return list_after(view, start, pos)
