"""Command-line writes (load, ingest, import-3w) change curated facts: each leaves an audit entry, on both stores."""

from __future__ import annotations

import asyncio
import getpass
import json
import os
import subprocess
import sys
from pathlib import Path

from graph_api.model.records import AuditEntry
from graph_api.store.opening import open_store
from tests.conftest import REPO

DOCUMENT = """---
title: La Mesa de prueba se reúne
publisher: Ministerio de Relaciones Exteriores del Perú
published: 2024-05-02
---
El Ministerio de Relaciones Exteriores convocó a la Mesa de Trabajo Intersectorial sobre Migraciones.
"""


def cli(*args: str, store: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "graph_api", *args, "--store", store]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False, env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    return done


def audit(store_url: str) -> list[AuditEntry]:
    async def read() -> list[AuditEntry]:
        async with open_store(store_url) as store:
            return await store.audit_log(100)

    return asyncio.run(read())


def test_each_cli_write_is_audited(store_url: str, tmp_path: Path) -> None:
    document = tmp_path / "mesa-de-prueba.md"
    document.write_text(DOCUMENT, encoding="utf-8")
    sheet = REPO / "samples" / "3w" / "peru-3w-2024.csv"
    cli("load", str(REPO / "data"), store=store_url)
    cli("ingest", str(document), store=store_url)
    cli("import-3w", str(sheet), store=store_url)
    entries = sorted(audit(store_url), key=lambda e: e.id)
    assert [e.action for e in entries] == ["load", "ingest", "import-3w"]
    assert {e.who for e in entries} == {f"cli:{getpass.getuser()}"}
    assert {e.role for e in entries} == {"cli"}
    assert json.loads(entries[1].after or "{}") == {"files": [str(document.resolve())]}
    assert entries[2].target == str(sheet.resolve())
