"""Apollo's protocols against a live server: Apollo Client's persisted-queries link (Automatic Persisted Queries),
and the CORS preflight of a browser running Apollo Client."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest
from starlette.testclient import TestClient

from graph_api.http.app import create_app
from graph_api.settings import CORS_HEADERS, Settings
from tests.http.conftest import REPO

APQ = REPO / "tests" / "http" / "apollo_apq.mjs"


def test_apollo_clients_persisted_queries_link_registers_then_sends_hashes_only(node: str, live_server: str) -> None:
    if not (REPO / "node_modules" / "@apollo" / "client").is_dir():
        pytest.fail("node_modules/@apollo/client is missing: run `npm ci` at the repository root")
    run = subprocess.run([node, str(APQ), live_server], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr + run.stdout
    answer: dict[str, Any] = json.loads(run.stdout)
    exchanges = [(e["method"], e["sentQuery"], bool(e["sentHash"]), e["codes"]) for e in answer["exchanges"]]
    assert exchanges == [
        # The hash alone, unknown; then the hash with the query, which the server checks and keeps.
        ("POST", False, True, ["PERSISTED_QUERY_NOT_FOUND"]),
        ("POST", True, True, []),
        # Known now: the hash alone, by POST and by GET.
        ("POST", False, True, []),
        ("GET", False, True, []),
    ]
    assert len({e["sentHash"] for e in answer["exchanges"]}) == 1
    count = answer["results"][0]["institutions"]["totalCount"]
    assert count > 0
    assert answer["results"] == [{"institutions": {"__typename": "InstitutionConnection", "totalCount": count}}] * 3


def test_a_preflight_with_apollos_headers_is_allowed(tmp_path: Any) -> None:
    settings = Settings(store=str(tmp_path / "g.db"), cors_origins=("https://app.example",))
    preflight = {
        "origin": "https://app.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "apollographql-client-name, apollographql-client-version, content-type",
    }
    with TestClient(create_app(settings)) as client:
        allowed = client.options("/graphql", headers=preflight)
        assert allowed.status_code == 200, allowed.text
        assert allowed.headers["access-control-allow-origin"] == "https://app.example"
        assert set(CORS_HEADERS) <= {h.strip() for h in allowed.headers["access-control-allow-headers"].split(",")}
        elsewhere = client.options("/graphql", headers={**preflight, "origin": "https://evil.example"})
        assert elsewhere.status_code == 400


def test_the_allowed_headers_are_a_setting(tmp_path: Any) -> None:
    env = {"MIGRAGRAPH_STORE": str(tmp_path / "g.db"), "MIGRAGRAPH_CORS_ORIGINS": "https://app.example"}
    settings = Settings.from_env({**env, "MIGRAGRAPH_CORS_HEADERS": "content-type, x-staff-team"})
    assert settings.cors_headers == ("content-type", "x-staff-team")
    preflight = {"origin": "https://app.example", "access-control-request-method": "POST"}
    with TestClient(create_app(settings)) as client:
        team = client.options("/graphql", headers={**preflight, "access-control-request-headers": "x-staff-team"})
        assert team.status_code == 200
        apollo = client.options(
            "/graphql", headers={**preflight, "access-control-request-headers": "apollographql-client-name"}
        )
        assert apollo.status_code == 400
