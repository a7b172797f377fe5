"""What the cost estimate itself costs a request: each field's own fan-out against one number for every list.

    python -m bench.cost_estimate                       # 10^5 actors, 2,000 rounds
    python -m bench.cost_estimate --relationships 43770 --rounds 5000

The estimate runs before every operation. For the README's nested query, the bench's nested query and a
lookup by id, it is timed both ways — with the table of fan-outs by field (graphql/extensions/fanout.py,
made once at start-up from a synthetic graph's statistics) and with the graph's largest fan-out for every
list, as it was before — the two interleaved round by round so the machine's noise falls on both alike.
Prints each median in microseconds and their ratio; the table's one-off build time too.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

from graphql import parse

from graph_api.graphql.extensions.cost import estimate_cost
from graph_api.graphql.extensions.fanout import FanOuts, fan_outs, fanout_of
from graph_api.graphql.schema import build_schema
from graph_api.model.ontology import load_ontology
from graph_api.store.protocol import GraphStats
from loaders.packages.synthetic import synthetic_graph

from .queries import NESTED_BODIES, nested_query

__all__ = ["main"]

README = Path(__file__).resolve().parent.parent / "README.md"


def _readme_query() -> str:
    section = README.read_text(encoding="utf-8").split("## Example queries", 1)[1]
    return section.split("```graphql\n", 1)[1].split("```", 1)[0]


def _timed(run: Callable[[], object], times: list[float]) -> None:
    started = time.perf_counter()
    run()
    times.append((time.perf_counter() - started) * 1e6)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--relationships", type=int, default=437_700, help="the synthetic graph's size (437,700: 10^5 actors)"
    )
    parser.add_argument("--rounds", type=int, default=2_000)
    args = parser.parse_args(argv)
    ontology = load_ontology()
    batch = synthetic_graph(ontology, args.relationships, seed=1)
    stats = GraphStats(Counter(n.label for n in batch.nodes), Counter(e.type for e in batch.edges))
    schema = build_schema()._schema
    started = time.perf_counter()
    table = fan_outs(schema, stats, ontology)
    print(f"table of fan-outs: {(time.perf_counter() - started) * 1e3:.2f} ms once, {len(table.fields)} fields")
    largest: int | FanOuts = fanout_of(stats, ontology)
    queries = {
        "README nested query": _readme_query(),
        "bench nested query": nested_query(NESTED_BODIES),
        "lookup by id": '{ institution(id: "pe-mre") { id name } }',
    }
    for name, text in queries.items():
        document = parse(text)
        by_field: list[float] = []
        one_number: list[float] = []
        for _ in range(args.rounds):
            for fanout, times in ((table, by_field), (largest, one_number)):
                _timed(partial(estimate_cost, schema, document, None, None, fanout=fanout, default_page=20), times)
        new, old = statistics.median(by_field), statistics.median(one_number)
        print(f"{name}: by field {new:.1f} µs, one number {old:.1f} µs, ratio {new / old:.2f}×")


if __name__ == "__main__":
    main()
