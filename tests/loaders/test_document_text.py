"""Reading documents: formats, encodings, metadata, and the documents refused."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from loaders.errors import LoaderError
from loaders.press.documents import (
    DEFAULT_MAX_BYTES,
    DocumentFormat,
    looks_english,
    read_document,
    require_spanish,
)
from loaders.press.errors import DocumentError

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "documents"
SPANISH = "La Cancillería informó que la Mesa de Trabajo se reunió el 3 de marzo con el apoyo de la OIT.\n"


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_plain_text_keeps_its_text_and_hashes_its_bytes(tmp_path: Path) -> None:
    raw = ("\ufeffTítulo de la nota\r\n\r\n" + SPANISH).encode("utf-8")
    doc = read_document(write(tmp_path, "nota.txt", raw))
    assert doc.format is DocumentFormat.TEXT
    assert doc.text == "Título de la nota\n\n" + SPANISH.strip()
    assert doc.title == "Título de la nota"  # the first non-empty line
    assert doc.checksum == "sha256:" + hashlib.sha256(raw).hexdigest()
    assert "encoding" not in doc.metadata


def test_markdown_front_matter_gives_metadata_and_markup_is_removed() -> None:
    doc = read_document(SAMPLES / "comision-multisectorial-atencion-migrantes.md")
    assert doc.format is DocumentFormat.MARKDOWN
    assert doc.metadata["published"] == "2019-06-20"
    assert doc.metadata["language"] == "es"
    assert doc.title == "Se instala la Comisión Multisectorial para la Atención de Migrantes"
    for markup in ("**", "# ", "](", "[Cancillería", "*más", "\n- ", "---"):
        assert markup not in doc.text
    assert "en la sede de la Cancillería, con el propósito" in doc.text  # link text kept, soft wraps joined
    assert "\nLa Superintendencia Nacional de Migraciones informó" in doc.text  # a list item is a paragraph


def test_html_keeps_the_article_text_and_reads_its_head() -> None:
    doc = read_document(SAMPLES / "comision-intersectorial-migracion-colombia.html")
    assert doc.format is DocumentFormat.HTML
    assert doc.title == "Colombia fortalece la Comisión Nacional Intersectorial de Migración"
    assert doc.metadata["published"] == "2018-09-28"
    assert doc.metadata["language"] == "es"
    assert doc.metadata["url"].endswith("/comision-intersectorial-migracion")
    for furniture in ("dataLayer", "margin", "Sala de prensa", "derechos reservados", "<", ">"):
        assert furniture not in doc.text
    # A line break inside a paragraph of the source is a space, not a new line.
    assert "presidida por el Ministerio de Relaciones Exteriores de Colombia, sesionó" in doc.text


def test_a_latin1_document_is_decoded_and_says_so() -> None:
    path = SAMPLES / "mesa-intersectorial-segunda-sesion-latin1.txt"
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    doc = read_document(path)
    assert doc.metadata["encoding"] == "latin-1"
    assert "Registro Nacional de Identificación y Estado Civil" in doc.text


def test_cp1252_curly_quotes_are_decoded(tmp_path: Path) -> None:
    doc = read_document(
        write(tmp_path, "nota.txt", "La “Mesa de Trabajo” se reunió en la Cancillería.".encode("cp1252"))
    )
    assert doc.metadata["encoding"] == "cp1252"
    assert doc.text == "La “Mesa de Trabajo” se reunió en la Cancillería."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL bytes: it is binary"),
        ("La Mesa se reunió.".encode("utf-16"), "UTF-16 text, which is not supported"),
        (bytes(range(0xA0, 0x100)) * 20, "neither UTF-8 nor Spanish text in cp1252/Latin-1"),
        (b"   \n\n\t\n", "the document has no text"),
        (b"---\ntitle: Solo metadatos\n---\n", "the document has no text"),
        (b"<html><head><script>var a = 1;</script></head><body></body></html>", "the document has no text"),
        (b"---\ntitle: [sin cerrar\n---\nTexto.", "invalid front matter"),
        (b"---\ntitle: Abierto\nTexto sin cierre.\n", "never closed"),
        (b"---\npublished: el lunes\n---\nTexto.", "'published' must be an ISO date"),
    ],
)
def test_unusable_files_are_refused_with_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = write(tmp_path, "nota.txt", content)
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert message in str(caught.value)
    assert caught.value.path == path
    assert str(path) in str(caught.value)
    assert isinstance(caught.value, LoaderError)


def test_a_front_matter_error_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "nota.md", "---\ntitle: Nota\npublisher: [abierto\n---\nTexto.\n")
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert caught.value.line is not None and caught.value.line >= 3


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no such file"):
        read_document(tmp_path / "no-existe.txt")


def _forbid_open(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", refuse)


def test_an_oversized_file_is_refused_from_its_size_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "enorme.txt"
    with path.open("wb") as handle:
        handle.truncate(DEFAULT_MAX_BYTES + 1_000_000)  # a sparse 26 MB file: cheap to make
    _forbid_open(monkeypatch)
    started = time.perf_counter()
    with pytest.raises(DocumentError, match=r"26,000,000 bytes, over the limit of 25,000,000"):
        read_document(path)
    assert time.perf_counter() - started < 1.0


def test_a_20_mb_file_over_a_lower_limit_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "grande.txt"
    with path.open("wb") as handle:
        handle.truncate(21_000_000)
    _forbid_open(monkeypatch)
    with pytest.raises(DocumentError, match="over the limit of 10,000,000"):
        read_document(path, max_bytes=10_000_000)


def test_a_large_binary_file_under_the_limit_is_refused_after_its_first_chunk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ceros.txt"
    with path.open("wb") as handle:
        handle.truncate(21_000_000)  # zeros: NUL bytes throughout
    read_sizes: list[int] = []
    real_open: Callable[..., Any] = Path.open

    class Counting:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> Counting:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def read(self, size: int = -1) -> bytes:
            chunk: bytes = self.handle.read(size)
            read_sizes.append(len(chunk))
            return chunk

    monkeypatch.setattr(Path, "open", lambda self, *a, **k: Counting(real_open(self, *a, **k)))
    with pytest.raises(DocumentError, match="binary"):
        read_document(path)
    assert sum(read_sizes) <= 1 << 20


def test_a_multi_chunk_file_is_read_and_hashed_whole(tmp_path: Path) -> None:
    raw = (SPANISH * 40_000).encode("utf-8")  # about 4 MB: several chunks
    doc = read_document(write(tmp_path, "larga.txt", raw))
    assert doc.checksum == "sha256:" + hashlib.sha256(raw).hexdigest()
    assert len(doc.text) == len(raw.decode("utf-8").strip())


def test_only_spanish_is_accepted() -> None:
    english = read_document(SAMPLES / "migration-programme-english.txt")
    assert looks_english(english.text)
    with pytest.raises(DocumentError, match="only Spanish documents are supported; this one looks English"):
        require_spanish(english)
    require_spanish(read_document(SAMPLES / "mesa-movilidad-humana-ecuador.txt"))  # no error


def test_a_declared_language_other_than_spanish_is_refused(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "nota.md", "---\nlanguage: pt-BR\n---\n" + SPANISH))
    with pytest.raises(DocumentError, match="only Spanish documents are supported; this one is declared 'pt-BR'"):
        require_spanish(doc)
    require_spanish(read_document(write(tmp_path, "nota2.md", "---\nlanguage: es-PE\n---\n" + SPANISH)))
