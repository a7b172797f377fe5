"""A document file's bytes, read within a size limit, and decoded: UTF-8, else cp1252 or Latin-1 Spanish.

`read_bytes` refuses what is no text document (empty, too large, binary, UTF-16) before decoding it, and
gives the sha256 of the bytes; `decode` reads UTF-8 with or without a byte-order mark, and the bytes of
press releases saved on Windows as cp1252 or Latin-1 when the result reads as Spanish text.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from loaders.press.errors import DocumentError
from loaders.press.language import SPANISH_WORDS, words

__all__ = ["decode", "read_bytes"]

_CHUNK_BYTES = 1 << 20


def read_bytes(path: Path, max_bytes: int) -> tuple[bytes, str]:
    """The bytes of the file at `path` and their checksum ("sha256:<hex>"); a DocumentError if it is no text file."""
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


def decode(path: Path, raw: bytes) -> tuple[str, str | None]:
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
    found = words(text)
    return sum(w in SPANISH_WORDS for w in found) >= min(3, len(found))
