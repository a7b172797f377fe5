"""docker-compose.yml stays valid for users (no Docker engine runs here)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from typing import Any

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
        environ = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
        result = subprocess.run(
            [*command, "-f", str(COMPOSE), "config", "-q"],
            capture_output=True,
            text=True,
            check=False,
            env={**environ, "NEO4J_PASSWORD": SENTINEL},
        )
        assert result.returncode == 0, result.stderr
        unset = subprocess.run(
            [*command, "-f", str(COMPOSE), "config", "-q"], capture_output=True, text=True, check=False, env=environ
        )
        assert unset.returncode != 0 and "NEO4J_PASSWORD" in unset.stderr


SENTINEL = "Sentinel-Passw0rd-for-tests"
# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}; $$ is a literal $.
_VARIABLE = re.compile(r"(?<!\$)\$\{(\w+)(?:(:?[-?])([^}]*))?\}")


def _spec() -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return spec


def _interpolate(value: str, env: dict[str, str]) -> str:
    """What compose makes of `value` with `env` (its interpolation rules, enough for this file)."""

    def one(match: re.Match[str]) -> str:
        name, operator, argument = match.groups()
        found = env.get(name)
        if operator in (":?", "?") and (found is None or (operator == ":?" and found == "")):
            raise LookupError(argument or name)
        if operator in (":-", "-") and (found is None or (operator == ":-" and found == "")):
            return str(argument)
        return found or ""

    return _VARIABLE.sub(one, value).replace("$$", "$")


def _healthchecks() -> dict[str, list[str]]:
    tests = {}
    for name, service in _spec()["services"].items():
        test = service.get("healthcheck", {}).get("test")
        if test is not None:
            tests[name] = [test] if isinstance(test, str) else list(test)
    return tests


def test_no_secret_has_a_default() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    secrets = [m for m in _VARIABLE.finditer(text) if re.search(r"PASSWORD|SECRET|AUTH", m.group(1))]
    assert secrets, "the file should take the Neo4j password from the environment"
    for match in secrets:
        assert match.group(2) in (":?", "?"), f"{match.group()} must be required, not defaulted"
    # Without the password, the stack does not start: every service needing it refuses.
    for service in _spec()["services"].values():
        for key, value in (service.get("environment") or {}).items():
            if re.search(r"PASSWORD|AUTH", key):
                try:
                    _interpolate(str(value), {})
                except LookupError:
                    continue
                raise AssertionError(f"{key} has a value without NEO4J_PASSWORD set: {value!r}")
    neo4j = _spec()["services"]["neo4j"]["environment"]
    assert _interpolate(neo4j["NEO4J_AUTH"], {"NEO4J_PASSWORD": SENTINEL}) == f"neo4j/{SENTINEL}"


def test_the_api_runs_in_production() -> None:
    api = _spec()["services"]["api"]["environment"]
    assert api["MIGRAGRAPH_ENV"] == "production"
    for switch in ("MIGRAGRAPH_GRAPHIQL", "MIGRAGRAPH_INTROSPECTION", "MIGRAGRAPH_SUGGESTIONS"):
        assert switch not in api, f"{switch} would turn a development feature back on"
    assert _interpolate(api["NEO4J_PASSWORD"], {"NEO4J_PASSWORD": SENTINEL}) == SENTINEL


def test_no_healthcheck_puts_the_password_on_a_command_line() -> None:
    tests = _healthchecks()
    assert set(tests) == {"neo4j", "api"}
    env = {"NEO4J_PASSWORD": SENTINEL}
    for name, test in tests.items():
        kind, *argv = test
        assert kind in ("CMD", "CMD-SHELL"), name
        # What the container's configuration (docker inspect) holds once compose interpolated it.
        configured = [_interpolate(a, env) for a in argv]
        assert not any(SENTINEL in a for a in configured), f"{name}: the password is in its healthcheck"
        command = " ".join(configured)
        assert not re.search(r"(^|\s)(-p|--password)\b", command), f"{name}: a password flag in {command!r}"
        # A shell may set a variable for the command it runs (on no command line); the rest names no secret.
        if kind == "CMD-SHELL":
            command = re.sub(r"^(\w+=(\"[^\"]*\"|\S+)\s+)+", "", command)
        assert not re.search(r"PASSWORD|NEO4J_AUTH", command), f"{name}: {command!r} handles the password"
