"""Precision and recall of the extractor against hand-written annotations.

    python -m loaders.evaluate [--corpus DIR] [--samples DIR] [--ingest]

Builds a `Gazetteer` from the bundled data packages and extracts every
annotated document. With `--corpus DIR` holding its own `expected.json`, the
documents are exactly those it annotates, read from DIR (one annotated but
absent is an error, its expectations all missed). Otherwise they are those of
the samples folder (samples/documents, annotated in its `expected.json`) and
those it marks `"source": "corpus"`, read from the corpus folder (by default
../shared/corpus beside the checkout; skipped when absent there).

It prints precision and recall of actors and of relationships, micro-averaged
over all documents, then a markdown table of each document's figures, then
each document's errors. The exit status is 1 when the annotations are wrong
or a document cannot be read or extracted (unless its annotation expects that
refusal), else 0: the figures are for people to judge (and for the tests to
hold to their targets).

The annotations are checked first (`annotations`), then each document is
read, extracted and matched with its annotation (`run`, `matching`), and the
figures reported (`report`); `cli` is the command line.
"""

from loaders.evaluate.cli import main
from loaders.evaluate.matching import assign, cross_country_merges
from loaders.evaluate.report import DocumentResult, Evaluation, Score
from loaders.evaluate.run import default_corpus_dir, default_samples_dir, evaluate, load_gazetteer

__all__ = [
    "DocumentResult",
    "Evaluation",
    "Score",
    "assign",
    "cross_country_merges",
    "default_corpus_dir",
    "default_samples_dir",
    "evaluate",
    "load_gazetteer",
    "main",
]
