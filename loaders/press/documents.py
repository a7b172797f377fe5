"""Reading source documents (plain text, Markdown, HTML) into one normalised form.

`read_document(path)` returns a `SourceDocument`: its text with newlines
normalised and markup removed, its metadata, the sha256 of its bytes and its
format. Markdown and plain text may start with YAML front matter between two
`---` lines (title, publisher, published, url, language, country); HTML gives
its `<title>`, `<html lang>` and a few `<meta>` fields. Without a title, the
first non-empty line is the title.

Text is UTF-8, with or without a byte-order mark. Press releases saved on
Windows are often cp1252 or Latin-1: bytes that are not UTF-8 are decoded so
when the result reads as Spanish text, and `metadata["encoding"]` says which;
anything else is refused.

Only Spanish documents are supported: `require_spanish(doc)` (which the
extractor calls) refuses a document that declares another language or whose
words look English.
"""

from __future__ import annotations

import bisect
import codecs
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from loaders.errors import quoted
from loaders.press.errors import DocumentError
from loaders.yaml_source import load_bounded

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DocumentFormat",
    "SourceDocument",
    "is_iso_date",
    "iso_date",
    "looks_english",
    "read_document",
    "require_spanish",
]

DEFAULT_MAX_BYTES = 25_000_000
_CHUNK_BYTES = 1 << 20
_METADATA_KEYS = ("title", "publisher", "published", "url", "language", "country")
_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_DATE_IN_YAML = re.compile(r"""^\s*[^:#]+:\s*['"]?(\d{4}-\d{1,2}-\d{1,2})\b""")


class DocumentFormat(StrEnum):
    """How a document's file is written."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A document's text and what is known about it.

    `text` has "\\n" newlines and no markup; extracted facts point into it by
    character offsets. `metadata` always has a `title`, and has `publisher`,
    `published` (an ISO date, possibly partial), `url`, `language`, `country`
    and `encoding` (when not UTF-8) where known.
    """

    path: Path
    text: str
    metadata: Mapping[str, str]
    checksum: str
    format: DocumentFormat

    @property
    def title(self) -> str:
        return self.metadata["title"]


_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def read_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceDocument:
    """Read the document at `path`; raise DocumentError saying why it cannot be used."""
    raw, checksum = _read_bytes(path, max_bytes)
    text, encoding = _decode(path, raw)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    document_format = _format_of(path, text)
    if document_format is DocumentFormat.HTML:
        body, metadata = _html_text(text)
    else:
        front, body = _front_matter(path, text)
        metadata = _metadata(path, front)
        if document_format is DocumentFormat.MARKDOWN:
            body = _markdown_text(body)
    body = _tidy(body)
    if not body:
        raise DocumentError(path, "the document has no text")
    metadata.setdefault("title", next(line.strip() for line in body.splitlines() if line.strip()))
    if encoding is not None:
        metadata["encoding"] = encoding
    # Soft hyphens and zero-width characters ("Minis&shy;terio") would split words: they are not text.
    body = body.translate(_INVISIBLE)
    metadata = {key: value.translate(_INVISIBLE) for key, value in metadata.items()}
    return SourceDocument(path, body, metadata, checksum, document_format)


# ------------------------------------------------------------------ bytes


def _read_bytes(path: Path, max_bytes: int) -> tuple[bytes, str]:
    # The size is checked before opening so that a huge file is refused without reading it.
    try:
        stat = path.stat()
    except FileNotFoundError as err:
        raise DocumentError(path, "no such file") from err
    except OSError as err:
        raise DocumentError(path, f"cannot read the file: {err.strerror}") from err
    if not path.is_file():
        raise DocumentError(path, "not a regular file")
    if stat.st_size == 0:
        raise DocumentError(path, "the file is empty")
    if stat.st_size > max_bytes:
        raise DocumentError(
            path, f"the file has {stat.st_size:,} bytes, over the limit of {max_bytes:,} for a document"
        )
    digest = hashlib.sha256()
    chunks: list[bytes] = []
    total = 0
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK_BYTES):
                total += len(chunk)
                if total > max_bytes:  # it grew since the stat
                    raise DocumentError(path, f"the file has more than {max_bytes:,} bytes, the limit for a document")
                if not chunks:
                    _refuse_binary(path, chunk)
                elif b"\x00" in chunk:
                    raise DocumentError(path, "the file holds NUL bytes: it is binary, not a text document")
                digest.update(chunk)
                chunks.append(chunk)
    except OSError as err:
        raise DocumentError(path, f"cannot read the file: {err.strerror}") from err
    if not chunks:
        raise DocumentError(path, "the file is empty")
    return b"".join(chunks), "sha256:" + digest.hexdigest()


def _refuse_binary(path: Path, head: bytes) -> None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DocumentError(path, "the file is UTF-16 text, which is not supported: save it as UTF-8")
    if b"\x00" in head:
        raise DocumentError(path, "the file holds NUL bytes: it is binary, not a text document")


def _decode(path: Path, raw: bytes) -> tuple[str, str | None]:
    """The text and, when it is not UTF-8, the encoding it was decoded with."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    # Latin-1 and cp1252 agree except on 0x80-0x9F, where cp1252 has curly quotes and dashes.
    encoding = "cp1252" if re.search(rb"[\x80-\x9f]", raw) else "latin-1"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        text = ""
    if not _reads_as_spanish(text):
        raise DocumentError(path, "the file is neither UTF-8 nor Spanish text in cp1252/Latin-1: it cannot be decoded")
    return text, encoding


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SPANISH_NON_ASCII = frozenset("áéíóúüñÁÉÍÓÚÜÑ¿¡ºª«»“”‘’–—…°€·")


def _reads_as_spanish(text: str) -> bool:
    """Whether a text decoded by guesswork looks like Spanish prose rather than mis-decoded bytes."""
    if not text or _CONTROL.search(text):
        return False
    non_ascii = [c for c in text if ord(c) > 127]
    if non_ascii and sum(c in _SPANISH_NON_ASCII for c in non_ascii) < 0.9 * len(non_ascii):
        return False
    words = _words(text)
    return sum(w in _SPANISH_WORDS for w in words) >= min(3, len(words))


# ------------------------------------------------------------------ formats


def _format_of(path: Path, text: str) -> DocumentFormat:
    suffix = path.suffix.lower()
    if suffix in {".md", ".markdown"}:
        return DocumentFormat.MARKDOWN
    if suffix in {".html", ".htm", ".xhtml"}:
        return DocumentFormat.HTML
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        return DocumentFormat.HTML
    return DocumentFormat.TEXT


def _front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    """The YAML between a first `---` line and the next, and the text after it."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    number = next((n for n, line in enumerate(lines[1:], start=1) if line.strip() in {"---", "..."}), None)
    if number is None:
        raise DocumentError(path, "the front matter opened on this line is never closed with '---'", line=1)
    try:
        data = load_bounded("\n".join(lines[1:number]))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        raise DocumentError(
            path, f"invalid front matter: {err.problem or err}", line=mark.line + 2 if mark else 1
        ) from err
    except yaml.YAMLError as err:
        raise DocumentError(path, f"invalid front matter: {err}", line=1) from err
    except ValueError as err:  # YAML reads "published: 2015-02-29" as a date itself, and it is no day
        line, value = _impossible_date(lines[1:number])
        raise DocumentError(path, f"invalid front matter: {value} is not a day of the calendar", line=line) from err
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DocumentError(path, "the front matter must be a mapping of keys to values", line=1)
    return data, "\n".join(lines[number + 1 :])


def _impossible_date(lines: Sequence[str]) -> tuple[int, str]:
    """The line of the file (the first of `lines` is its second) writing a date that is no day, and the date."""
    for number, text in enumerate(lines, start=2):
        found = _DATE_IN_YAML.match(text)
        if found is not None:
            year, month, day = (int(part) for part in found[1].split("-"))
            try:
                dt.date(year, month, day)
            except ValueError:
                return number, found[1]
    return 1, "a date"


def _metadata(path: Path, front: Mapping[str, Any]) -> dict[str, str]:
    metadata: dict[str, str] = {}
    for key in _METADATA_KEYS:
        value = front.get(key, front.get("date") if key == "published" else None)
        if value is None or value == "":
            continue
        if key == "published":
            metadata[key] = iso_date(path, value)
        elif isinstance(value, str | int | float):
            metadata[key] = str(value).strip()
        else:
            raise DocumentError(path, f"front matter {key!r} must be a single value, got {quoted(value)}", line=1)
    return metadata


def iso_date(path: Path, value: Any, what: str = "front matter 'published'") -> str:
    """`value` as an ISO date of the calendar, possibly partial; a DocumentError naming `what` if it is none."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if is_iso_date(text):
        return text
    raise DocumentError(
        path, f"{what} must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) of the calendar, got {quoted(value)}"
    )


def is_iso_date(text: str) -> bool:
    """Whether `text` is a date of the calendar at year, month or day precision ("2016-02-29", not "2015-02-29")."""
    if not _ISO_DATE.match(text):
        return False
    try:
        dt.date.fromisoformat((text + "-01-01")[:10])
    except ValueError:
        return False
    return True


_MARKDOWN_BLOCK = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")
_MARKDOWN_SKIP = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^\s*\[[^\]]+\]:\s*\S+|^\s*(?:```|~~~)")


def _markdown_text(text: str) -> str:
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


class _HtmlText(HTMLParser):
    # Text in these is page furniture or code, never part of the release.
    _SKIP = frozenset({"script", "style", "noscript", "template", "nav", "footer", "aside", "form", "svg", "button"})
    _BLOCK = frozenset(
        [
            "p",
            "div",
            "br",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "li",
            "ul",
            "ol",
            "tr",
            "table",
            "section",
            "article",
            "header",
            "main",
            "blockquote",
            "pre",
            "hr",
            "dd",
            "dt",
            "figcaption",
            "title",
        ]
    )
    _DATE_META = frozenset({"date", "dc.date", "dcterms.date", "article:published_time", "pubdate", "published"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.metadata: dict[str, str] = {}
        self._skipping = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in self._SKIP:
            self._skipping += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "html" and values.get("lang"):
            self.metadata.setdefault("language", values["lang"])
        elif tag == "meta":
            self._meta(values)
        elif tag == "link" and "canonical" in values.get("rel", "").split():
            self.metadata.setdefault("url", values.get("href", ""))
        if tag in self._BLOCK:
            self.parts.append("\n")

    def _meta(self, values: Mapping[str, str]) -> None:
        name = (values.get("name") or values.get("property") or values.get("http-equiv") or "").lower()
        content = values.get("content", "").strip()
        if not content:
            return
        if name in {"author", "publisher", "dc.publisher"}:
            self.metadata.setdefault("publisher", content)
        elif name in self._DATE_META:
            self.metadata.setdefault("published", content[:10])
        elif name in {"og:url"}:
            self.metadata.setdefault("url", content)
        elif name in {"language", "content-language", "dc.language"}:
            self.metadata.setdefault("language", content)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "title":
            self._in_title = False
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        # In HTML a line break in the source is a space; only block elements break lines.
        data = re.sub(r"\s+", " ", data)
        if self._in_title:
            self.title.append(data)
        elif not self._skipping:
            self.parts.append(data)


def _html_text(text: str) -> tuple[str, dict[str, str]]:
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    metadata = dict(parser.metadata)
    if "published" in metadata and not is_iso_date(metadata["published"]):
        del metadata["published"]
    title = " ".join("".join(parser.title).split())
    if title:
        metadata["title"] = title
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line), metadata


def _tidy(text: str) -> str:
    """Trailing spaces and the blank lines around the text removed."""
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n").rstrip()


# ------------------------------------------------------------------ language

_WORD = re.compile(r"[a-záéíóúüñ]+")
_SPANISH_WORDS = frozenset(
    [
        "de",
        "la",
        "el",
        "en",
        "y",
        "los",
        "las",
        "del",
        "que",
        "por",
        "con",
        "para",
        "una",
        "un",
        "se",
        "su",
        "sus",
        "al",
        "es",
        "lo",
        "como",
        "más",
        "pero",
        "ya",
        "fue",
        "este",
        "esta",
        "entre",
        "sin",
        "sobre",
        "también",
        "ha",
        "han",
        "será",
        "sido",
        "nuestros",
    ]
)
_ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "in",
        "is",
        "for",
        "with",
        "on",
        "that",
        "by",
        "as",
        "will",
        "its",
        "from",
        "was",
        "has",
        "are",
        "be",
        "at",
        "this",
        "an",
        "which",
        "their",
        "have",
        "it",
        "were",
        "been",
        "who",
    ]
)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def looks_english(text: str) -> bool:
    """Whether English function words outnumber Spanish ones (a stop-word test, enough for press releases)."""
    words = _words(text)
    english = sum(w in _ENGLISH_WORDS for w in words)
    spanish = sum(w in _SPANISH_WORDS for w in words)
    return english >= 3 and english > spanish


def require_spanish(doc: SourceDocument) -> None:
    """Raise DocumentError unless `doc` is in Spanish: the extractor's patterns are Spanish only."""
    language = doc.metadata.get("language")
    if language and language.split("-")[0].strip().lower() != "es":
        raise DocumentError(doc.path, f"only Spanish documents are supported; this one is declared {quoted(language)}")
    if looks_english(doc.text):
        raise DocumentError(doc.path, "only Spanish documents are supported; this one looks English")
