"""HTML as plain text: the page's text without its furniture, and the metadata its head gives."""

from __future__ import annotations

import re
from collections.abc import Mapping
from html.parser import HTMLParser

from loaders.press.front_matter import is_iso_date

__all__ = ["html_text"]


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


def html_text(text: str) -> tuple[str, dict[str, str]]:
    """The text of an HTML page, one line a block, and its title, language, publisher, date and URL."""
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
