"""The gazetteer the extractor tests read releases against."""

from __future__ import annotations

import pytest

from loaders.evaluate import load_gazetteer
from loaders.press import Gazetteer


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The bundled data's actors and the reference gazetteer's, as ingest reads them."""
    return load_gazetteer(reference=True)
