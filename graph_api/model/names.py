"""The names a node goes by, the one index of them, and how well a search text matches them.

One normaliser (graph_api.model.text) and one index (`NameIndex`) serve every name lookup: the embedded
store's lookup and search, the Neo4j store's stored keys (`name_keys`), the 3W resolver (`name_resolver`) and
the press extractor's gazetteer (keyed on its own loose word tuples). Search ranking is shared by both stores
so that they agree.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar

from graph_api.model.errors import UserInputError
from graph_api.model.records import Node
from graph_api.model.text import normalize

__all__ = [
    "MAX_SEARCH_WORDS",
    "MAX_SEARCH_WORD_LENGTH",
    "NameIndex",
    "SearchIndex",
    "check_search_text",
    "match_score",
    "name_keys",
    "name_keys_and_cut",
    "name_keys_cut",
    "name_resolver",
    "name_values",
    "name_variants",
    "rank",
    "starts_words",
]

# Far above any name's, and far below Lucene's limits (1,024 clauses, 1,000 characters a prefix term), which
# the Neo4j store would otherwise hit as an internal error while the embedded one answered.
MAX_SEARCH_WORDS = 32
MAX_SEARCH_WORD_LENGTH = 100


def check_search_text(query: str) -> None:
    """Refuse a normalised search text with too many or too long words (UserInputError).

    >>> check_search_text("ministerio de relaciones exteriores")
    >>> check_search_text("a" * 101)
    Traceback (most recent call last):
    ...
    graph_api.model.errors.UserInputError: search words have at most 100 characters; one has 101
    """
    words = query.split()
    if len(words) > MAX_SEARCH_WORDS:
        raise UserInputError(f"search for at most {MAX_SEARCH_WORDS} words at once; the text has {len(words)}")
    longest = max(map(len, words), default=0)
    if longest > MAX_SEARCH_WORD_LENGTH:
        raise UserInputError(f"search words have at most {MAX_SEARCH_WORD_LENGTH} characters; one has {longest}")


# A name is matched on at most this many characters, and a node on at most this many characters of names, on
# both stores alike: Neo4j's text index refuses a value over 32 KB (an extractor can take a 92 KB sentence for
# a name), and no real name comes near.
MAX_KEY_LENGTH = 300
MAX_KEYS_LENGTH = 8_000


def name_values(properties: Mapping[str, Any], searchable: Sequence[str]) -> list[str]:
    """The names a node goes by, as written: the text values of its `searchable` properties (lists flattened),
    stripped, in order, empty ones left out.

    >>> name_values({"name": "Cancillería ", "aliases": ["MRE", " "], "acronym": None}, ["name", "aliases", "acronym"])
    ['Cancillería', 'MRE']
    """
    names: list[str] = []
    for prop in searchable:
        value = properties.get(prop)
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, str) and v.strip():
                names.append(v.strip())
    return names


def name_keys(properties: Mapping[str, Any], searchable: Sequence[str]) -> list[str]:
    """The normalised names a node can be found by (each cut to MAX_KEY_LENGTH, MAX_KEYS_LENGTH in all).

    The Neo4j store keeps these on its nodes: what this returns for a node must not change.
    """
    return name_keys_and_cut(properties, searchable)[0]


def name_keys_cut(properties: Mapping[str, Any], searchable: Sequence[str]) -> bool:
    """Whether `name_keys` left part of a name out (a name over MAX_KEY_LENGTH, or past MAX_KEYS_LENGTH in
    all): what the keys hold is then not all the node's names hold, so a filter on the names must read the
    node itself.

    >>> name_keys_cut({"name": "Cancillería"}, ["name"]), name_keys_cut({"name": "x " * 400}, ["name"])
    (False, True)
    """
    return name_keys_and_cut(properties, searchable)[1]


def name_keys_and_cut(properties: Mapping[str, Any], searchable: Sequence[str]) -> tuple[list[str], bool]:
    """`name_keys` and `name_keys_cut` at once, each name normalised once (a store writes both for a node)."""
    keys: list[str] = []
    cut = False
    room = MAX_KEYS_LENGTH
    for name in name_values(properties, searchable):
        whole = normalize(name)
        key = whole[:MAX_KEY_LENGTH].strip()
        if key and len(key) + 4 <= room:
            keys.append(key)
            room -= len(key) + 4
            cut = cut or key != whole
        elif whole:
            cut = True
    return keys, cut


_COUNTRY_SUFFIX = re.compile(r"\s+(?:del|de la|de)\s+(?:peru|republica del peru)$")


def name_variants(name: str) -> list[str]:
    """The normalised forms to try for a name as sheets and press releases write it, most literal first.

    >>> name_variants("Sistema Integral de Salud - SIS")
    ['sistema integral de salud sis', 'sistema integral de salud', 'sis']
    >>> name_variants("Ministerio de Salud del Perú")
    ['ministerio de salud del peru', 'ministerio de salud']
    """
    variants = [normalize(name)]
    variants.append(_COUNTRY_SUFFIX.sub("", variants[0]))
    for separator in (" - ", " – ", " / "):
        if separator in name:
            variants.extend(normalize(part) for part in name.split(separator))
    inside = re.match(r"^(.*)\(([^)]+)\)\s*$", name)
    if inside:
        variants.extend([normalize(inside[1]), normalize(inside[2])])
    return [v for v in dict.fromkeys(variants) if v]


def starts_words(words: Sequence[str], key: str) -> bool:
    """Whether every one of `words` starts a word of `key`: the loosest match a search makes.

    >>> starts_words(["rel", "ext"], "ministerio de relaciones exteriores")
    True
    """
    key_words = key.split()
    return all(any(kw.startswith(w) for kw in key_words) for w in words)


def match_score(query: str, keys: Iterable[str]) -> int:
    """How well a normalised query matches a node's keys; 0 means no match.

    An exact name beats a name that starts with the query, which beats a name
    in which every query word starts a word. Nothing else matches, so a store
    can find every candidate with a word-prefix index.

    >>> match_score("cancilleria", ["ministerio de relaciones exteriores", "cancilleria"])
    100
    >>> match_score("rel ext", ["ministerio de relaciones exteriores"])
    40
    """
    words = query.split()
    best = 0
    for key in keys:
        if key == query:
            return 100
        if key.startswith(query):
            best = max(best, 60)
        elif starts_words(words, key):
            best = max(best, 40)
    return best


def rank(text: str, candidates: Iterable[Node], searchable: Sequence[str], limit: int) -> list[Node]:
    """The `limit` best candidates for `text`, best first, ties by name then id."""
    query = normalize(text)
    if not query:
        return []
    scored = []
    for node in candidates:
        score = match_score(query, name_keys(node.properties, searchable))
        if score:
            scored.append((-score, normalize(node.name), node.id, node))
    scored.sort(key=lambda row: row[:3])
    return [row[3] for row in scored[:limit]]


K = TypeVar("K", str, tuple[str, ...])


class NameIndex(Generic[K]):
    """Ids by name key, and each id's keys; the key function is the caller's.

    A key is a normalised name (`name_keys`) or a tuple of name words (the extractor's gazetteer). Ids come
    back in the order they were first given a key, so that a caller choosing among namesakes is repeatable.

    >>> index = NameIndex[str]()
    >>> index.add("pe-mre", ["ministerio de relaciones exteriores", "cancilleria"])
    >>> index.add("ec-mremh", ["cancilleria"])
    >>> index.ids("cancilleria")
    ('pe-mre', 'ec-mremh')
    >>> index.resolve(["cancilleria", "ministerio de relaciones exteriores"])
    'pe-mre'
    >>> index.is_prefix("cancill"), index.is_prefix("cancilleria del")
    (True, False)
    """

    __slots__ = ("_ids", "_keys", "_prefixes")

    def __init__(self) -> None:
        self._ids: dict[K, dict[str, None]] = {}
        # Tuples, not sets: a store keeps one per node, and most nodes have two or three names.
        self._keys: dict[str, tuple[K, ...]] = {}
        self._prefixes: set[K] | None = None

    def add(self, node_id: str, keys: Iterable[K]) -> None:
        """Give `node_id` these keys too."""
        own: dict[K, None] = {key: None for key in self._keys.get(node_id, ())}
        own.update((key, None) for key in keys)
        self._keys[node_id] = tuple(own)
        for key in own:
            self._ids.setdefault(key, {})[node_id] = None
        self._prefixes = None

    def remove(self, node_id: str) -> None:
        """Forget `node_id` and every key it had."""
        for key in self._keys.pop(node_id, ()):
            holders = self._ids.get(key, {})
            holders.pop(node_id, None)
            if not holders:
                self._ids.pop(key, None)
        self._prefixes = None

    def ids(self, key: K) -> tuple[str, ...]:
        """Every id with exactly this key."""
        return tuple(self._ids.get(key, ()))

    def keys_of(self, node_id: str) -> list[K]:
        return list(self._keys.get(node_id, ()))

    def entries(self) -> Iterator[tuple[str, tuple[K, ...]]]:
        """Each id with its keys."""
        return iter(self._keys.items())

    def items(self) -> Iterator[tuple[K, tuple[str, ...]]]:
        """Each key with its ids."""
        return ((key, tuple(ids)) for key, ids in self._ids.items())

    def resolve(self, keys: Iterable[K]) -> str | None:
        """The id of the first of `keys` that exactly one id has, or None (unknown, or every one ambiguous)."""
        for key in keys:
            found = self._ids.get(key)
            if found is not None and len(found) == 1:
                return next(iter(found))
        return None

    def is_prefix(self, key: K) -> bool:
        """Whether some key starts with `key` (for tuples, with these words), so that reading on may match.

        The prefixes are gathered on the first call after a change: the gazetteer asks, a store never does.
        """
        if self._prefixes is None:
            self._prefixes = {k[:n] for k in self._ids for n in range(1, len(k) + 1)}
        return key in self._prefixes


class SearchIndex(NameIndex[str]):
    """A NameIndex of normalised names that also finds ids by word prefixes, the way search matches
    (`starts_words`): the ids of which some key has, for every query word, a word starting with it.

    The words of every key are kept sorted, so a query word's prefix range is found by bisection and only the
    ids in it are read: a search costs what it finds, not the size of the index. Kept up to date on every
    add and remove.

    >>> index = SearchIndex()
    >>> index.add("pe-mre", ["ministerio de relaciones exteriores", "cancilleria"])
    >>> index.add("pe-mtpe", ["ministerio de trabajo y promocion del empleo"])
    >>> index.matching(["min", "rel"]), index.matching(["min"]), index.matching(["canc", "rel"])
    (['pe-mre'], ['pe-mre', 'pe-mtpe'], [])
    """

    __slots__ = ("_sorted_words", "_vocabulary", "_word_ids")

    def __init__(self) -> None:
        super().__init__()
        self._word_ids: dict[str, dict[str, None]] = {}
        self._sorted_words: list[str] = []
        # The distinct words, one a line, and where each starts: made on the first `containing` after a word
        # came or went.
        self._vocabulary: tuple[str, list[int]] | None = None

    def add(self, node_id: str, keys: Iterable[str]) -> None:
        keys = list(keys)
        super().add(node_id, keys)
        for word in {w for key in keys for w in key.split()}:
            holders = self._word_ids.get(word)
            if holders is None:
                holders = self._word_ids[word] = {}
                bisect.insort(self._sorted_words, word)
                self._vocabulary = None
            holders[node_id] = None

    def remove(self, node_id: str) -> None:
        for word in {w for key in self.keys_of(node_id) for w in key.split()}:
            holders = self._word_ids.get(word, {})
            holders.pop(node_id, None)
            if not holders:
                self._word_ids.pop(word, None)
                at = bisect.bisect_left(self._sorted_words, word)
                if at < len(self._sorted_words) and self._sorted_words[at] == word:
                    del self._sorted_words[at]
                self._vocabulary = None
        super().remove(node_id)

    def _starting(self, prefix: str) -> set[str]:
        """The ids with a word that starts with `prefix`."""
        found: set[str] = set()
        words = self._sorted_words
        for at in range(bisect.bisect_left(words, prefix), len(words)):
            if not words[at].startswith(prefix):
                break
            found.update(self._word_ids[words[at]])
        return found

    def _holding(self, pattern: str) -> set[str]:
        """The ids with a word in which the regular expression `pattern` matches (`\\n` ends each word)."""
        if self._vocabulary is None:
            offsets, at = [], 0
            for word in self._sorted_words:
                offsets.append(at)
                at += len(word) + 1
            self._vocabulary = ("".join(f"{w}\n" for w in self._sorted_words), offsets)
        text, offsets = self._vocabulary
        words = {bisect.bisect_right(offsets, m.start()) - 1 for m in re.finditer(pattern, text)}
        found: set[str] = set()
        for at in words:
            found.update(self._word_ids[self._sorted_words[at]])
        return found

    def containing(self, fragment: str) -> list[str]:
        """The ids, sorted, of which some key holds `fragment` (normalised) as it is written.

        By the words, not by every key: a one-word fragment lies inside a word of the key; a longer one's
        first word ends a word of the key, its middle words are words of the key and its last word starts one.
        Only the ids of the words that fit are read (the distinct words are searched, not the keys).

        >>> index = SearchIndex()
        >>> index.add("pe-mre", ["ministerio de relaciones exteriores", "cancilleria"])
        >>> index.add("pe-mtpe", ["ministerio de trabajo y promocion del empleo"])
        >>> index.containing("illeri"), index.containing("terio de rel"), index.containing("rio del")
        (['pe-mre'], ['pe-mre'], [])
        """
        words = fragment.split()
        if not words:
            return []
        candidates: Collection[str]
        if len(words) == 1:
            candidates = self._holding(re.escape(words[0]))
        elif len(words) > 2:
            # A whole word: its holders are known without a scan, and the rarest is enough to check by the keys.
            candidates = min((self._word_ids.get(w, {}) for w in words[1:-1]), key=len)
        else:
            sets = sorted([self._starting(words[-1]), self._holding(re.escape(words[0]) + "\n")], key=len)
            candidates = sets[0] & sets[1]
        wanted = " ".join(words)
        return sorted(i for i in candidates if any(wanted in key for key in self.keys_of(i)))

    def matching(self, words: Sequence[str]) -> list[str]:
        """The ids, sorted, of which one key has a word starting with each of `words` (none for no words)."""
        if not words:
            return []
        # The rarest prefix first: the candidates only shrink from there.
        sets = sorted((self._starting(w) for w in dict.fromkeys(words)), key=len)
        candidates = set.intersection(*sets) if sets else set()
        return sorted(i for i in candidates if any(starts_words(words, key) for key in self.keys_of(i)))


def name_resolver(nodes: Iterable[Node], searchable: Sequence[str]) -> Callable[[str], str | None]:
    """The id of the one node a name means (its `name_variants` tried in turn against the nodes' `name_keys`),
    or None (unknown, or ambiguous): for resolving many names without a store call each.

    >>> resolve = name_resolver([Node("pe-sis", "Institution", {"name": "Seguro Integral de Salud"})], ["name"])
    >>> resolve("Seguro Integral de Salud - SIS"), resolve("SIS")
    ('pe-sis', None)
    """
    index = NameIndex[str]()
    for node in nodes:
        index.add(node.id, name_keys(node.properties, searchable))
    return lambda name: index.resolve(name_variants(name))
