"""Per-request context: the store and the DataLoaders that batch its reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from graph_api.graphql.extensions.fanout import FanOuts
from graph_api.model.ontology import Ontology
from graph_api.model.records import Direction, Edge, Node
from graph_api.services.analytics import AnalyticsCache
from graph_api.services.auth import Principal
from graph_api.settings import Settings
from graph_api.store.protocol import GraphStore

__all__ = ["Context"]


@dataclass
class Context:
    """What every resolver reads through `info.context`.

    One DataLoader for nodes and one per (relationship type, direction) batch
    every lookup made while resolving one level of a query into a single
    store call, whatever the number of parent objects.
    """

    store: GraphStore
    ontology: Ontology
    settings: Settings
    analytics: AnalyticsCache
    principal: Principal | None = None
    # The cost estimate's fan-out of each field (every list by 1 when none is given).
    fanout: FanOuts = field(default_factory=lambda: FanOuts.flat(1))
    nodes: DataLoader[str, Node | None] = field(init=False)
    _relations: dict[tuple[str, Direction], DataLoader[str, list[Edge]]] = field(init=False, default_factory=dict)
    _linked: dict[tuple[str, Direction], DataLoader[str, list[tuple[Edge, Node]]]] = field(
        init=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        store = self.store

        async def load_nodes(ids: Sequence[str]) -> list[Node | None]:
            return await store.get_nodes(ids)

        self.nodes = DataLoader(load_fn=load_nodes)

    def relations(self, rel_type: str, direction: Direction) -> DataLoader[str, list[Edge]]:
        """The loader of `rel_type` relationships in `direction`, keyed by node id."""
        key = (rel_type, direction)
        loader = self._relations.get(key)
        if loader is None:
            store = self.store

            async def load(ids: Sequence[str]) -> list[list[Edge]]:
                return await store.relations(ids, rel_type, direction)

            loader = self._relations[key] = DataLoader(load_fn=load)
        return loader

    def linked(self, rel_type: str, direction: Direction) -> DataLoader[str, list[tuple[Edge, Node]]]:
        """The loader of `rel_type` relationships in `direction` with the nodes at their other ends, keyed by
        node id: one store call per level of a query, where relationships then nodes would take two."""
        key = (rel_type, direction)
        loader = self._linked.get(key)
        if loader is None:
            store = self.store
            nodes = self.nodes

            async def load(ids: Sequence[str]) -> list[list[tuple[Edge, Node]]]:
                edges, others = await store.related(ids, rel_type, direction)
                nodes.prime_many(others)
                if direction is Direction.OUT:
                    return [[(e, others[e.end]) for e in found] for found in edges]
                return [[(e, others[e.start]) for e in found] for found in edges]

            loader = self._linked[key] = DataLoader(load_fn=load)
        return loader
