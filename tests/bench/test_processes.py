"""Waiting for the servers a benchmark run starts: a server that never serves is an error, not a URL.

Real processes on real loopback ports: one that never listens, one that exits, one that answers 404.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench.processes import ServerDidNotStart, free_port, serving

NEVER_LISTENS = [sys.executable, "-c", "import time; time.sleep(60)"]


async def test_a_server_that_never_listens_raises_instead_of_yielding_a_url() -> None:
    port = free_port()
    with pytest.raises(ServerDidNotStart) as raised:
        async with serving("the sleeping peer", NEVER_LISTENS, port, within=1.0):
            pytest.fail("serving yielded a URL nobody serves")
    message = str(raised.value)
    assert "the sleeping peer" in message
    assert f"http://127.0.0.1:{port}/" in message
    assert "within 1 s" in message
    assert "ConnectError" in message  # what it last saw: the refused connection


async def test_a_server_that_exits_raises_with_its_exit_code() -> None:
    with pytest.raises(ServerDidNotStart, match=r"the crashing peer exited with code 3 before answering"):
        async with serving("the crashing peer", [sys.executable, "-c", "raise SystemExit(3)"], free_port()):
            pytest.fail("serving yielded a URL for a server that exited")


async def test_a_server_that_answers_but_not_200_raises_with_what_it_answered(tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(tmp_path)]
    with pytest.raises(ServerDidNotStart, match=r"the 404 server did not answer .*/healthz within 2 s \(HTTP 404\)"):
        async with serving("the 404 server", command, port, health_path="/healthz", within=2.0):
            pytest.fail("serving yielded a URL whose health check answers 404")


async def test_a_server_that_answers_200_yields_its_url_and_is_stopped_after(tmp_path: Path) -> None:
    (tmp_path / "healthz").write_text("ok")
    port = free_port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(tmp_path)]
    async with serving("the file server", command, port, health_path="/healthz", within=20.0) as url:
        assert url == f"http://127.0.0.1:{port}"
    with pytest.raises(ServerDidNotStart, match="ConnectError"):
        async with serving("the stopped server's port", NEVER_LISTENS, port, health_path="/healthz", within=0.5):
            pytest.fail("the file server still serves after its block ended")
