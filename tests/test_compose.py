"""docker-compose.yml stays valid for users (no Docker engine runs here)."""

from __future__ import annotations

import shutil
import subprocess

import yaml

from tests.conftest import REPO

COMPOSE = REPO / "docker-compose.yml"


def test_compose_file_wires_the_api_to_neo4j() -> None:
    spec = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    neo4j, api = spec["services"]["neo4j"], spec["services"]["api"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert "healthcheck" in neo4j
    assert any(v.endswith(":/data") for v in neo4j["volumes"])
    assert api["build"] == "."
    assert api["environment"]["MIGRAGRAPH_STORE"] == "neo4j://neo4j:7687"
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert (REPO / "Dockerfile").read_text(encoding="utf-8").count("migragraph") >= 1


def test_compose_config_parses_where_a_compose_client_exists() -> None:
    # `docker compose config` needs no engine; the plugin or the standalone client may be missing on a machine.
    for command in (["docker", "compose"], ["docker-compose"]):
        if shutil.which(command[0]) is None:
            continue
        probe = subprocess.run([*command, "version"], capture_output=True, text=True, check=False)
        if probe.returncode != 0:
            continue
        result = subprocess.run(
            [*command, "-f", str(COMPOSE), "config", "-q"], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
