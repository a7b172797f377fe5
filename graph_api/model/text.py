"""The one text normaliser: case, accents and punctuation folded away, for lookups, name keys and ids.

One character folding underlies all of it (`fold_char`: compatibility decomposition, combining marks dropped,
case folded). `normalize` applies it to a whole text and turns punctuation into single spaces; `fold` applies
it character by character, keeping every character where it was, so that a match found in the folded text is
a match at the same position in the original; `slug` makes an id fragment of `normalize`'s words.
"""

import re
import unicodedata
from functools import cache

from anyascii import anyascii

__all__ = ["SLUG_LENGTH", "fold", "fold_char", "normalize", "slug", "tokens"]

_NON_WORD = re.compile(r"[^\w]+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")

# Long enough for an id made of two ids and a relationship type (the extractor's candidate relationships):
# cut at 60, the candidate relationships of one body all came out as one id.
SLUG_LENGTH = 80


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalize(text: str) -> str:
    """Fold case and accents, turn punctuation into spaces, squeeze spaces.

    >>> normalize("  Cancillería del Perú! ")
    'cancilleria del peru'
    """
    return " ".join(_NON_WORD.sub(" ", _folded(text)).split())


def tokens(text: str) -> list[str]:
    """The words of `normalize(text)`."""
    return normalize(text).split()


@cache
def fold_char(char: str) -> str:
    """`char` folded as `normalize` folds it, or `char` itself when that is not one character ('ß' → 'ss')."""
    folded = _folded(char)
    return folded if len(folded) == 1 else char


def fold(text: str) -> str:
    """Lower case without accents, one character for one, so that positions in it are positions in `text`.

    >>> fold("Cancillería, MRE")
    'cancilleria, mre'
    """
    return "".join(map(fold_char, text))


def slug(text: str) -> str:
    """A readable id fragment: the normalised text's letters and digits in runs joined by '-', at most
    SLUG_LENGTH characters, never empty, so that it passes the loaders' id rule (lower-case letters and digits
    in runs joined by single hyphens). Letters that have no accent to drop are transliterated (anyascii), not
    lost: "Ørsted" is "orsted", "Łódź" "lodz".

    >>> slug("Cruz Roja Peruana (CRP)")
    'cruz-roja-peruana-crp'
    >>> slug("Flygtningehjælp")
    'flygtningehjaelp'
    >>> slug("¿?")
    'x'
    """
    ascii_text = anyascii(normalize(text)).lower()
    return _NON_SLUG.sub("-", ascii_text).strip("-")[:SLUG_LENGTH].rstrip("-") or "x"
