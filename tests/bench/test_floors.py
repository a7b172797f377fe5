"""The embedded floors answer from a networkx copy of the store's graph: the same answers as migragraph's."""

from __future__ import annotations

import json
from pathlib import Path

from bench.floors import NetworkxFloors
from bench.queries import COVERAGE_PLACE, NESTED_BODIES, count_ids, nested_query
from graph_api.graphql.context import Context
from graph_api.graphql.schema import build_schema
from graph_api.model.ontology import load_ontology
from graph_api.services.analytics import AnalyticsCache
from graph_api.settings import Settings
from graph_api.store.opening import open_store
from loaders.packages.synthetic import synthetic_graph


async def test_the_networkx_floors_agree_with_migragraph_on_the_store_they_copy(tmp_path: Path) -> None:
    ontology = load_ontology()
    batch = synthetic_graph(ontology, 2_000, seed=1)
    async with open_store(str(tmp_path / "graph.db"), ontology) as store:
        await store.write(batch)
        floors = await NetworkxFloors.of(store, ontology.searchable_properties())
        settings = Settings(store=store.location, seed_if_empty=False, max_cost=2**31)
        context = Context(store=store, ontology=ontology, settings=settings, analytics=AnalyticsCache(store))

        async def ask(query: str) -> object:
            result = await build_schema(settings).execute(query, context_value=context)
            assert result.errors is None
            return result.data

        bodies = sorted(n.id for n in batch.nodes if n.label == "CoordinationBody")[:NESTED_BODIES]
        nested = json.loads(await floors.nested(NESTED_BODIES, bodies))
        assert count_ids(nested) == count_ids(await ask(nested_query(NESTED_BODIES))) > NESTED_BODIES

        coverage = await ask(f'{{ coverageMatrix(places: ["{COVERAGE_PLACE}"]) {{ rows {{ actor {{ id }} }} }} }}')
        assert isinstance(coverage, dict)
        rows = [row["actor"]["id"] for row in coverage["coverageMatrix"]["rows"]]
        assert rows
        assert sorted(rows) == [row["actor"] for row in json.loads(await floors.coverage(COVERAGE_PLACE))]

        institution = next(n for n in batch.nodes if n.label == "Institution" and "acronym" in n.properties)
        found = json.loads(await floors.search([str(institution.properties["acronym"]).lower()], 10))
        assert institution.id in [hit["id"] for hit in found]
