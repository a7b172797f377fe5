"""The extractor on releases written in the manner of real ones (samples/releases/, our own words)."""

from __future__ import annotations

from pathlib import Path

from loaders.evaluate import evaluate

RELEASES = Path(__file__).resolve().parents[3] / "samples" / "releases"


def test_the_releases_are_read_as_well_as_they_were() -> None:
    # Floors a little under the figures of the day they were written (actors 0.96/0.94, relationships 0.91/0.67):
    # a change that reads them worse fails here.
    evaluation = evaluate(corpus=RELEASES)
    assert not evaluation.failed, evaluation.report()
    assert len(evaluation.documents) == 12
    assert evaluation.actors.precision >= 0.93 and evaluation.actors.recall >= 0.9, evaluation.report()
    relationships = evaluation.relationships
    assert relationships.precision >= 0.88 and relationships.recall >= 0.62, evaluation.report()
