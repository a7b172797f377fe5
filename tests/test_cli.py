"""The `migragraph` command as a user runs it: a real process, a real server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx

from tests.conftest import REPO

COMMAND = str(Path(sys.executable).parent / "migragraph")


def run(*args: str, store: Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "MIGRAGRAPH_STORE": str(store), **env}
    return subprocess.run(
        [COMMAND, *args], capture_output=True, text=True, cwd=cwd, env=environ, timeout=120, check=False
    )


def test_load_stats_and_export_from_another_folder(tmp_path: Path) -> None:
    store = tmp_path / "g.json"
    loaded = run("load", str(REPO / "data"), store=store, cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    assert "268 nodes (268 new, 0 changed), 524 relationships (524 new, 0 changed)" in loaded.stdout
    stats = run("stats", "--json", store=store, cwd=tmp_path)
    assert json.loads(stats.stdout)["nodes"]["Institution"] == 12
    out = tmp_path / "graph.json"
    exported = run("export", "--format", "json", "--output", str(out), store=store, cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    graph = json.loads(out.read_text(encoding="utf-8"))
    assert len(graph["nodes"]) == 268 and len(graph["edges"]) == 524
    to_stdout = run("export", "--store", str(store), store=tmp_path / "unused.json", cwd=tmp_path)
    assert json.loads(to_stdout.stdout) == graph


def test_a_bad_file_is_one_clear_message_and_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("nodes:\n  - {label: Minister, id: x, name: X}\n", encoding="utf-8")
    result = run("load", str(bad), store=tmp_path / "g.json", cwd=tmp_path)
    assert result.returncode == 1
    assert f"{bad}:2: unknown label 'Minister'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "g.json").exists()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_seeds_an_empty_store_and_answers(tmp_path: Path) -> None:
    port = _free_port()
    environ = {**os.environ, "MIGRAGRAPH_STORE": str(tmp_path / "fresh" / "g.json")}
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [COMMAND, "serve", "--port", str(port), "--log-level", "warning"],
        cwd=tmp_path,
        env=environ,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.2)
        body = httpx.post(
            f"{base}/graphql",
            json={
                "query": '{ coordinationBody(name: "Mesa Intersectorial sobre Migraciones") { members { node { id } } } }'
            },
        ).json()
        assert len(body["data"]["coordinationBody"]["members"]) == 9
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_export_formats_from_the_command(tmp_path: Path) -> None:
    store = tmp_path / "g.json"
    assert run("load", str(REPO / "data"), store=store, cwd=tmp_path).returncode == 0
    for fmt in ("graphml", "gexf"):
        out = tmp_path / f"graph.{fmt}"
        result = run("export", "--format", fmt, "--output", str(out), store=store, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert out.read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<graphml"))
    folder = tmp_path / "csv"
    assert run("export", "--format", "csv", "--output", str(folder), store=store, cwd=tmp_path).returncode == 0
    assert sorted(p.name for p in folder.iterdir()) == ["edges.csv", "nodes.csv"]
    refused = run("export", "--format", "csv", store=store, cwd=tmp_path)
    assert refused.returncode == 1
    assert "give a folder with --output" in refused.stderr


def test_import_a_3w_sheet_and_export_the_coverage(tmp_path: Path) -> None:
    store = tmp_path / "g.json"
    assert run("load", str(REPO / "data"), store=store, cwd=tmp_path).returncode == 0
    imported = run("import-3w", str(REPO / "samples" / "3w" / "peru-3w-2024.xlsx"), store=store, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "candidate: 'OIM'" in imported.stdout
    bad = run("import-3w", str(REPO / "samples" / "3w" / "peru-3w-bad.csv"), store=store, cwd=tmp_path)
    assert bad.returncode == 1
    assert "peru-3w-bad.csv:row 5: column #sector (Sector): unknown sector 'Logística'" in bad.stderr
    hxl = run("export", "--format", "coverage-hxl", "--body", "pe-mesa-migraciones", store=store, cwd=tmp_path)
    assert hxl.stdout.splitlines()[1].startswith("#org+name,#org+acronym,#org+id,#sector+code")


def test_import_3w_reads_ambiguous_dates_as_told(tmp_path: Path) -> None:
    store = tmp_path / "g.json"
    assert run("load", str(REPO / "data"), store=store, cwd=tmp_path).returncode == 0
    sheet = tmp_path / "us.csv"
    sheet.write_text("#org,#sector,#adm1+code,#date+start\nMINSA,Salud,PE24,05/06/2024\n", encoding="utf-8")
    refused = run("import-3w", "--dry-run", str(sheet), store=store, cwd=tmp_path)
    assert refused.returncode == 1
    assert "'05/06/2024' could be day-first or month-first" in refused.stderr
    told = run("import-3w", "--date-order", "month-first", str(sheet), store=store, cwd=tmp_path)
    assert told.returncode == 0, told.stderr
    assert "dates of day and month read month-first" in told.stdout
    by_setting = run("import-3w", str(sheet), store=store, cwd=tmp_path, MIGRAGRAPH_3W_DATE_ORDER="day-first")
    assert by_setting.returncode == 0, by_setting.stderr
    wrong = run("import-3w", str(sheet), store=store, cwd=tmp_path, MIGRAGRAPH_3W_DATE_ORDER="yes")
    assert wrong.returncode == 1 and "MIGRAGRAPH_3W_DATE_ORDER is day-first or month-first" in wrong.stderr


def test_ingest_documents_from_the_command(tmp_path: Path) -> None:
    store = tmp_path / "g.json"
    samples = REPO / "samples" / "documents"
    latin1 = run(
        "ingest",
        "--accept-new",
        str(samples / "mesa-intersectorial-segunda-sesion-latin1.txt"),
        store=store,
        cwd=tmp_path,
    )
    assert latin1.returncode == 0, latin1.stderr
    assert "facts written" in latin1.stdout
    english = run("ingest", str(samples / "migration-programme-english.txt"), store=store, cwd=tmp_path)
    assert english.returncode == 1
    assert "only Spanish documents are supported" in english.stderr
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"Ministerio de Salud. " * 1_300_000)  # 27 MB, past the 25 MB a document may have
    started = time.monotonic()
    refused = run("ingest", str(huge), store=store, cwd=tmp_path)
    assert refused.returncode == 1
    assert "over the limit of 25,000,000 for a document" in refused.stderr
    assert time.monotonic() - started < 20
