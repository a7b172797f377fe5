"""The embedded store's file deleted or damaged under a running server: STORE_UNAVAILABLE and /healthz 503, never
an empty graph or an internal error."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from graph_api.http.app import create_app
from graph_api.model.errors import StoreUnavailable
from graph_api.settings import Settings
from tests.conftest import EDITOR_ENTRY, EDITOR_KEY, as_

QUERY = '{ institution(id: "pe-mre") { name } }'
ADD = """mutation { addCoverage(input: {actor: "pe-inei", need: "nutrition", sources: ["doc-mre-mesa-migraciones"]})
  { audit { id } } }"""


def test_a_store_file_deleted_while_serving(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    with TestClient(create_app(Settings(store=str(path), api_keys=EDITOR_ENTRY))) as client:
        assert as_(client, None, QUERY)["data"]["institution"]["name"] == "Ministerio de Relaciones Exteriores"
        path.unlink()
        health = client.get("/healthz")
        assert health.status_code == 503 and health.json()["status"] == "unavailable"
        for answer in (as_(client, None, QUERY), as_(client, EDITOR_KEY, ADD)):
            assert [e["extensions"]["code"] for e in answer["errors"]] == ["STORE_UNAVAILABLE"]
    assert not path.exists()


def checkpoint(path: Path) -> None:
    """Move what the write-ahead log holds into the file itself."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert path.stat().st_size > 4096


def truncate(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(4096)


def test_a_store_file_truncated_while_serving(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    with TestClient(create_app(Settings(store=str(path), api_keys=EDITOR_ENTRY))) as client:
        checkpoint(path)
        assert client.get("/healthz").status_code == 200
        truncate(path)
        answer = as_(client, EDITOR_KEY, ADD)
        assert [e["extensions"]["code"] for e in answer["errors"]] == ["STORE_UNAVAILABLE"]
        assert client.get("/healthz").status_code == 503
        answer = as_(client, None, QUERY)
        assert [e["extensions"]["code"] for e in answer["errors"]] == ["STORE_UNAVAILABLE"]


def test_a_truncated_store_file_is_refused_at_start_up(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    with TestClient(create_app(Settings(store=str(path)))):
        pass
    checkpoint(path)
    truncate(path)
    for name in ("graph.db-wal", "graph.db-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    with (
        pytest.raises(StoreUnavailable, match=f"embedded store {path}"),
        TestClient(create_app(Settings(store=str(path)))),
    ):
        pass
