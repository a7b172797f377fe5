"""Text normalisation for lookups that ignore case, accents and punctuation."""

import re
import unicodedata

__all__ = ["normalize", "tokens"]

_NON_WORD = re.compile(r"[^\w]+")


def normalize(text: str) -> str:
    """Fold case and accents, turn punctuation into spaces, squeeze spaces.

    >>> normalize("  Cancillería del Perú! ")
    'cancilleria del peru'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", stripped.casefold()).split())


def tokens(text: str) -> list[str]:
    """The words of `normalize(text)`."""
    return normalize(text).split()
