"""Issue 13: `serve --store bolt://neo4j:SECRET@…` printed the password at start-up.

Every command is run with a store URL holding a password, to a port nothing listens on, and
SECRET must appear nowhere in what it prints or logs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_api.settings import Settings, redact_url
from tests.reliability.test_closed_server import free_port, run, serving

SECRET = "s3cr3t-Pa55word"


def test_redact_url_hides_user_information_and_leaves_paths() -> None:
    assert redact_url(f"bolt://neo4j:{SECRET}@db.example:7687") == "bolt://***@db.example:7687"
    assert redact_url(f"neo4j+s://neo4j:{SECRET}@db.example") == "neo4j+s://***@db.example"
    # Unescaped / and @ in a password: everything up to the last @ goes.
    assert redact_url("bolt://neo4j:a/b@c@db.example:7687/neo4j") == "bolt://***@db.example:7687/neo4j"
    assert redact_url("bolt://db.example:7687") == "bolt://db.example:7687"
    assert redact_url("/srv/data@2024/graph.db") == "/srv/data@2024/graph.db"
    settings = Settings(store=f"bolt://neo4j:{SECRET}@db.example:7687", api_keys="elena:editor:sha256:abc")
    assert SECRET not in repr(settings) and "sha256:abc" not in repr(settings)
    assert "bolt://***@db.example:7687" in repr(settings)


def test_serve_with_a_password_in_the_store_url_never_shows_it(tmp_path: Path) -> None:
    store = f"bolt://neo4j:{SECRET}@127.0.0.1:{free_port()}"
    with serving("--log-level", "debug", "--store", store, cwd=tmp_path, env={}, ready=False) as server:
        server.process.wait(timeout=60)  # Neo4j does not answer: the app cannot start
        output = server.output()
    assert server.process.returncode != 0
    assert "bolt://***@127.0.0.1" in output  # the start-up line names the store, redacted
    assert "cannot reach Neo4j at bolt://127.0.0.1" in output
    assert SECRET not in output


@pytest.mark.parametrize(
    "command",
    [["stats"], ["stats", "--json"], ["migrate"], ["load", "data"], ["export"], ["import-3w", "sheet.csv"]],
)
@pytest.mark.parametrize("scheme", ["bolt", "neo4j", "noe4j"])  # noe4j: a typo is not taken for a file path
def test_commands_with_a_password_in_the_store_url_never_show_it(
    tmp_path: Path, command: list[str], scheme: str
) -> None:
    store = f"{scheme}://neo4j:{SECRET}@127.0.0.1:{free_port()}"
    result = run(*command, "--store", store, cwd=tmp_path, env={"NEO4J_MAX_RETRY_SECONDS": "1"})
    assert result.returncode == 1, result.stderr
    assert "migragraph: error: " in result.stderr
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written, no folder named after the URL


def test_a_password_from_the_environment_is_not_shown_either(tmp_path: Path) -> None:
    env = {"MIGRAGRAPH_STORE": f"bolt://127.0.0.1:{free_port()}", "NEO4J_PASSWORD": SECRET}
    result = run("stats", cwd=tmp_path, env=env)
    assert result.returncode == 1 and "cannot reach Neo4j" in result.stderr
    assert SECRET not in result.stdout + result.stderr
