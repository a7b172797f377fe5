"""The checked-in SDL that front-ends generate code from must match the code."""

from graph_api.graphql.schema import schema_sdl
from tests.conftest import REPO

SDL = REPO / "schema" / "schema.graphql"


def test_checked_in_sdl_matches_the_code() -> None:
    assert SDL.read_text(encoding="utf-8") == schema_sdl(), (
        "schema/schema.graphql is stale: run `migragraph schema -o schema/schema.graphql`"
    )
