"""Issue 13: /healthz told anyone the Neo4j host, port and errno, or the store's file path.

It answers with a status (and the store's kind) only, reads closed or not; the reason goes to the log.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from graph_api.http.app import create_app
from graph_api.settings import Settings
from tests.conftest import EDITOR_ENTRY, neo4j_uri


def test_healthz_answers_the_status_only(client: TestClient, store_url: str) -> None:
    kind = "embedded" if "://" not in store_url else "neo4j"
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "store": kind}


def test_healthz_answers_without_a_key_when_reads_are_closed(store_url: str) -> None:
    settings = Settings(store=store_url, reads_need_key=True, api_keys=EDITOR_ENTRY, seed_if_empty=False)
    with TestClient(create_app(settings)) as closed:
        assert closed.post("/graphql", json={"query": "{ __typename }"}).status_code == 401
        health = closed.get("/healthz")
        assert health.status_code == 200
        assert set(health.json()) == {"status", "store"}


def test_an_unreadable_embedded_store_is_unavailable_without_its_path(
    store_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(store=str(store_path), reads_need_key=True, api_keys=EDITOR_ENTRY)
    with TestClient(create_app(settings)) as closed:
        assert closed.get("/healthz").json() == {"status": "ok", "store": "embedded"}
        # Under the running server, the store's path stops being a readable store: a folder takes its place.
        store_path.rename(store_path.with_name("moved-away"))
        store_path.mkdir()
        with caplog.at_level(logging.WARNING, logger="migragraph"):
            health = closed.get("/healthz")
    assert health.status_code == 503
    assert health.json() == {"status": "unavailable", "store": "embedded"}
    assert str(store_path.parent) not in health.text
    assert any(str(store_path) in r.getMessage() for r in caplog.records), "the reason goes to the log"


class _Proxy:
    """A TCP relay on 127.0.0.1 to `target`, to cut a running server off from Neo4j."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        with suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread, which holds the socket open
        self.listener.close()
        with self.lock:
            for s in self.sockets:
                with suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()


@contextmanager
def _relay(uri: str) -> Iterator[_Proxy]:
    host, _, port = uri.partition("://")[2].rpartition(":")
    proxy = _Proxy((host, int(port)))
    try:
        yield proxy
    finally:
        proxy.close()


@pytest.mark.neo4j
def test_an_unreachable_neo4j_is_unavailable_without_host_port_or_errno(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    uri = neo4j_uri()
    monkeypatch.setenv("NEO4J_MAX_RETRY_SECONDS", "1")
    with _relay(uri) as proxy:
        relayed = f"bolt://127.0.0.1:{proxy.port}"
        settings = Settings(store=relayed, reads_need_key=True, api_keys=EDITOR_ENTRY, seed_if_empty=False)
        with TestClient(create_app(settings)) as closed:
            assert closed.get("/healthz").json() == {"status": "ok", "store": "neo4j"}
            proxy.close()  # Neo4j is now out of reach: its port closed, its connections cut
            with caplog.at_level(logging.WARNING, logger="migragraph"):
                health = closed.get("/healthz")
    assert health.status_code == 503
    assert health.json() == {"status": "unavailable", "store": "neo4j"}
    for detail in (str(proxy.port), "127.0.0.1", "Errno", "refused"):
        assert detail not in health.text
    assert any(str(proxy.port) in r.getMessage() for r in caplog.records), "the reason goes to the log"
