"""Markdown as plain text: block and inline markup removed, the lines of a paragraph joined."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator

__all__ = ["markdown_text"]

_MARKDOWN_BLOCK = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")
_MARKDOWN_SKIP = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^\s*\[[^\]]+\]:\s*\S+|^\s*(?:```|~~~)")


def markdown_text(text: str) -> str:
    """Markdown without its markup; the lines of a paragraph joined, as Markdown renders them."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        if not line.strip() or _MARKDOWN_SKIP.match(line):
            paragraphs.append(" ".join(current))
            current = []
            continue
        starts_block = bool(_MARKDOWN_BLOCK.match(line))
        if starts_block and current:
            paragraphs.append(" ".join(current))
            current = []
        stripped = _MARKDOWN_BLOCK.sub("", line, count=1) if starts_block else line
        for strip in _MARKDOWN_INLINE:
            stripped = strip(stripped)
        current.append(stripped.strip())
    paragraphs.append(" ".join(current))
    return "\n".join(p for p in paragraphs if p.strip())


# Inline markup, removed rule by rule, each as `re.sub` with the pattern in its docstring would: the leftmost
# span first, then the next from where it ends. The patterns themselves are quadratic on a line of unclosed
# openers ("**a " twelve thousand times held the server for seconds): each opener reads to the end of the line.
# Here the places where spans may open and close are listed once, and each opener finds its closer by bisection.


class _Places:
    """Where a zero-width pattern matches in a text, in order."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self._places = [m.start() for m in pattern.finditer(text)]

    def __iter__(self) -> Iterator[int]:
        return iter(self._places)

    def first_from(self, offset: int) -> int | None:
        k = bisect.bisect_left(self._places, offset)
        return self._places[k] if k < len(self._places) else None


def _replace_spans(text: str, openers: Iterable[int], span: Callable[[int], tuple[int, str] | None]) -> str:
    """`text` with the span `span(i)` (its end and replacement) of each opener `i`, if any, replaced, left to right."""
    out: list[str] = []
    done = 0
    for i in openers:
        if i < done:
            continue
        found = span(i)
        if found is not None:
            end, replacement = found
            out.extend((text[done:i], replacement))
            done = end
    out.append(text[done:])
    return "".join(out)


def _bracketed(prefix: str, empty: bool, follow: str, close: str) -> Callable[[str], str]:
    r"""`prefix[label]` then `follow`…`close`, kept as `label`: like `\[([^\]]+)\]\([^)]*\)` for a link."""
    opener = re.compile(f"(?={re.escape(prefix)}\\[)")
    brackets, closes = re.compile(r"(?=\])"), re.compile(f"(?={re.escape(close)})")

    def strip(text: str) -> str:
        ends, finals = _Places(brackets, text), _Places(closes, text)

        def span(i: int) -> tuple[int, str] | None:
            label = i + len(prefix) + 1
            end = ends.first_from(label)
            if end is None or (end == label and not empty) or text[end + 1 : end + 2] != follow:
                return None
            final = finals.first_from(end + 2)
            return None if final is None else (final + 1, text[label:end])

        return _replace_spans(text, _Places(opener, text), span)

    return strip


def _delimited(
    opener: str, closer: str, widths: tuple[int, int], least: int, *, keep: bool = True
) -> Callable[[str], str]:
    """An opener (`widths[0]` characters, one more after "</"), at least `least` characters, the first closer
    (`widths[1]` characters) after them: the text between kept, or all of it dropped."""
    openers, closers = re.compile(opener), re.compile(closer)

    def strip(text: str) -> str:
        ends = _Places(closers, text)

        def span(i: int) -> tuple[int, str] | None:
            inner = i + widths[0] + (text[i : i + 2] == "</")
            end = ends.first_from(inner + least)
            return None if end is None else (end + widths[1], text[inner:end] if keep else "")

        return _replace_spans(text, _Places(openers, text), span)

    return strip


def _strong(text: str) -> str:
    r"""`(\*\*|__)(?=\S)(.+?)(?<=\S)\1` → `\2`."""
    ends = {"**": _Places(re.compile(r"(?<=\S)(?=\*\*)"), text), "__": _Places(re.compile(r"(?<=\S)(?=__)"), text)}

    def span(i: int) -> tuple[int, str] | None:
        end = ends[text[i : i + 2]].first_from(i + 3)
        return None if end is None else (end + 2, text[i + 2 : end])

    return _replace_spans(text, _Places(re.compile(r"(?=(?:\*\*|__)\S)"), text), span)


def _closing_hashes(text: str) -> str:
    r"""`\s+#+\s*$` → "": the closing hashes of a heading."""
    body = text.rstrip()
    if not body.endswith("#"):
        return text
    body = body.rstrip("#")
    return body.rstrip() if body and body[-1].isspace() else text


_MARKDOWN_INLINE: tuple[Callable[[str], str], ...] = (
    _bracketed("!", True, "(", ")"),  # images, !\[([^\]]*)\]\([^)]*\): keep the alt text
    _bracketed("", False, "(", ")"),  # links, \[([^\]]+)\]\([^)]*\): keep the text
    _bracketed("", False, "[", "]"),  # reference links, \[([^\]]+)\]\[[^\]]*\]
    _delimited(r"(?=`)", r"(?=`)", (1, 1), 0),  # `([^`]*)`
    _strong,
    _delimited(
        r"(?<![\w*])(?=\*\S)", r"(?<=\S)(?=\*(?![\w*]))", (1, 1), 1
    ),  # (?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])
    _delimited(r"(?<![\w_])(?=_\S)", r"(?<=\S)(?=_(?![\w_]))", (1, 1), 1),  # the same with _
    _delimited(r"(?=~~)", r"(?=~~)", (2, 2), 1),  # ~~(.+?)~~
    _closing_hashes,
    _delimited(r"(?=</?[A-Za-z])", r"(?=>)", (2, 1), 0, keep=False),  # inline HTML, </?[A-Za-z][^>]*>
)
