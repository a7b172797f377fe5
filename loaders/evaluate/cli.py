"""The command line: `python -m loaders.evaluate [--corpus DIR] [--samples DIR] [--ingest]`."""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from graph_api.model.ontology import load_ontology
from loaders.errors import LoaderError
from loaders.evaluate.annotations import ANNOTATIONS
from loaders.evaluate.report import Evaluation
from loaders.evaluate.run import evaluate

__all__ = ["main"]

DESCRIPTION = "Precision and recall of the extractor against hand-written annotations."


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders.evaluate", description=DESCRIPTION)
    parser.add_argument(
        "--corpus",
        type=Path,
        help=f"folder of documents: with its own {ANNOTATIONS}, exactly the documents it annotates; "
        "else where the samples' corpus documents are (default: ../shared/corpus)",
    )
    parser.add_argument("--samples", type=Path, help=f"folder of sample documents and their {ANNOTATIONS}")
    parser.add_argument(
        "--ingest",
        action="store_true",
        help="also ingest each document, with the default settings, into an empty embedded store of its own and "
        "say how many facts are written and how many candidates wait for review",
    )
    args = parser.parse_args(argv)
    for option, folder in (("--corpus", args.corpus), ("--samples", args.samples)):
        if folder is not None and not folder.is_dir():
            print(f"{option}: no such folder: {folder}", file=sys.stderr)
            return 1
    try:
        evaluation = evaluate(args.samples, args.corpus)
    except LoaderError as err:
        print(err, file=sys.stderr)
        return 1
    print(evaluation.report())
    if args.ingest:
        print()
        print(asyncio.run(_ingest_report(evaluation)))
    return 1 if evaluation.failed else 0


async def _ingest_report(evaluation: Evaluation) -> str:
    """What a default ingest writes of each document into an empty graph: facts, candidates (a markdown table)."""
    from graph_api.store.opening import open_store
    from loaders.press.ingest import ingest_documents

    ontology = load_ontology()
    lines = ["| document | facts written | candidates for review |", "|---|---:|---:|"]
    facts = candidates = 0
    for document in evaluation.documents:
        if document.path is None or document.error or document.refused:
            continue
        with tempfile.TemporaryDirectory() as folder:
            async with open_store(str(Path(folder) / "graph.db"), ontology) as store:
                report = await ingest_documents(store, ontology, [document.path])
        facts, candidates = facts + report.facts, candidates + report.candidates
        lines.append(f"| {document.name} | {report.facts} | {report.candidates} |")
    lines.append(f"| all | {facts} | {candidates} |")
    return "\n".join(lines)
