"""Which nodes a `where` can hold for, found by the stores' indexes before the filter is evaluated.

A filter whose every match must have a given id, or a name equal to, starting with or holding some text,
is answered from the nodes the stores' name indexes give for it (`GraphStore.name_containing`),
not from every node of the label: a selective filter reads what it finds. The filter itself is still
evaluated on those nodes (graph_api.services.filtering), so the answers are the same either way; this only
says which nodes need looking at. A filter with nothing to narrow by (NOT, properties, relationships only)
gets None: every node of the label.
"""

from __future__ import annotations

from graph_api.model.records import Node
from graph_api.model.text import normalize
from graph_api.services.conditions import MAX_FILTER_DEPTH, TextCondition, Where
from graph_api.store.protocol import GraphStore

__all__ = ["narrowed_nodes"]


Found = dict[str, Node]

# A longer `in` list is not narrowed (one index call a name): its nodes are read as if unfiltered.
_MAX_NAMES = 20


def _both(a: Found | None, b: Found | None) -> Found | None:
    """What both narrowings allow (None allows everything)."""
    if a is None or b is None:
        return a if b is None else b
    return {i: n for i, n in a.items() if i in b}


async def narrowed_nodes(store: GraphStore, label: str, where: Where | None) -> list[Node] | None:
    """The nodes of `label`, in id order, among which are all that `where` holds for; None if the filter
    narrows nothing (then all of them are)."""
    found = await _Narrowing(store, label).of(where)
    return None if found is None else [found[i] for i in sorted(found)]


class _Narrowing:
    def __init__(self, store: GraphStore, label: str) -> None:
        self.store, self.label = store, label

    async def of(self, where: Where | None, depth: int = 0) -> Found | None:
        # Past the filter's own depth limit nothing is narrowed; the evaluator refuses the filter.
        if where is None or depth > MAX_FILTER_DEPTH:
            return None
        found: Found | None = None
        if where.id is not None:
            found = _both(found, await self._by_id(where.id))
        if where.name is not None:
            found = _both(found, await self._by_name(where.name))
        for part in where.and_ or []:
            found = _both(found, await self.of(part, depth + 1))
        if where.or_:
            either: Found = {}
            for part in where.or_:
                branch = await self.of(part, depth + 1)
                if branch is None:
                    return found
                either.update(branch)
            found = _both(found, either)
        return found

    async def _by_id(self, condition: TextCondition) -> Found | None:
        wanted: list[str] | None = None
        if condition.eq is not None:
            wanted = [condition.eq]
        if condition.in_ is not None:
            wanted = [i for i in condition.in_ if wanted is None or i in wanted]
        if wanted is None:
            return None
        nodes = await self.store.get_nodes(sorted(set(wanted)))
        return {n.id: n for n in nodes if n is not None and n.label == self.label}

    async def _by_name(self, condition: TextCondition) -> Found | None:
        # Equal names hold the name too: one index serves all four operators. (Not `lookup`: it misses the
        # nodes whose keys were cut, which `name_containing` gives.)
        found: Found | None = None
        exact = [condition.eq] if condition.eq is not None else None
        for names in (exact, condition.in_):
            if names is None:
                continue
            keys = {normalize(n) for n in names}
            # An empty name matches a name with no letters, which no index holds.
            if "" in keys or len(keys) > _MAX_NAMES:
                continue
            same: Found = {}
            for key in sorted(keys):
                same.update((n.id, n) for n in await self.store.name_containing(key, [self.label]))
            found = _both(found, same)
        for text in (condition.contains, condition.starts_with):
            fragment = normalize(text) if text is not None else ""
            if fragment:
                holding = await self.store.name_containing(fragment, [self.label])
                found = _both(found, {n.id: n for n in holding})
        return found
