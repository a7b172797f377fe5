"""The command line at a terminal and in a pipe: dry runs that write nothing, progress bars only on a terminal,
and a reader that stops early (`| head`) ending the command quietly. Real processes, a real embedded store."""

from __future__ import annotations

import hashlib
import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

COMMAND = str(Path(sys.executable).parent / "migragraph")
SHEET = REPO / "samples" / "3w" / "peru-3w-2024.xlsx"
DOCUMENT = REPO / "samples" / "documents" / "mesa-intersectorial-segunda-sesion-latin1.txt"


def _env(store: Path, **extra: str) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if k not in {"FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR"}}
    return {**environ, "MIGRAGRAPH_STORE": str(store), **extra}


def run(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [COMMAND, *args], capture_output=True, text=True, cwd=store.parent, env=_env(store), timeout=120, check=False
    )


def _state(store: Path) -> tuple[str, dict[str, object]]:
    """The store file's checksum, and its counts as `stats` prints them."""
    stats = run("stats", "--json", store=store)
    assert stats.returncode == 0, stats.stderr
    return hashlib.sha256(store.read_bytes()).hexdigest(), json.loads(stats.stdout)


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    store = tmp_path / "g.json"
    result = run("load", str(REPO / "data"), store=store)
    assert result.returncode == 0, result.stderr
    return store


# --- --dry-run -------------------------------------------------------------------------------------------


def test_a_dry_run_load_reports_what_it_would_write_and_writes_nothing(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.json"
    dry = run("load", "--dry-run", str(REPO / "data"), store=fresh)
    assert dry.returncode == 0, dry.stderr
    assert f"dry run: nothing was written to {fresh} (embedded)" in dry.stdout
    assert "file(s): no problems found" in dry.stdout
    lines = dry.stdout.splitlines()
    nodes = next(line for line in lines if line.startswith("nodes it would write: "))
    assert nodes.endswith("new)") and nodes.split()[4] == nodes.split()[5].lstrip("(")  # all new
    assert any(line.split()[:2] == ["Institution", "12"] for line in lines)
    assert any(line.startswith("relationships it would write: ") for line in lines)
    assert not fresh.exists()

    loaded = run("load", str(REPO / "data"), store=fresh)
    assert loaded.returncode == 0, loaded.stderr
    before = _state(fresh)
    again = run("load", "--dry-run", str(REPO / "data"), store=fresh)
    assert again.returncode == 0, again.stderr
    assert "(0 new)" in next(line for line in again.stdout.splitlines() if line.startswith("nodes it would write"))
    assert _state(fresh) == before


def test_a_dry_run_reports_problems_as_a_load_does(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("nodes:\n  - {label: Minister, id: x, name: X}\n", encoding="utf-8")
    result = run("load", "--dry-run", str(bad), store=tmp_path / "g.json")
    assert result.returncode == 1
    assert f"{bad}:2: unknown label 'Minister'" in result.stderr
    assert "dry run" not in result.stdout


def test_a_dry_run_import_3w_writes_nothing(loaded: Path) -> None:
    before = _state(loaded)
    dry = run("import-3w", "--dry-run", str(SHEET), store=loaded)
    assert dry.returncode == 0, dry.stderr
    assert "dry run: nothing was written" in dry.stdout
    assert "rows of known organisations" in dry.stdout and "candidate: 'OIM'" in dry.stdout
    assert any(line.split()[:1] == ["COVERS"] for line in dry.stdout.splitlines())
    assert _state(loaded) == before
    bad = run("import-3w", "--dry-run", str(REPO / "samples" / "3w" / "peru-3w-bad.csv"), store=loaded)
    assert bad.returncode == 1
    assert "unknown sector 'Logística'" in bad.stderr
    assert _state(loaded) == before


def test_a_dry_run_ingest_writes_nothing(loaded: Path) -> None:
    before = _state(loaded)
    dry = run("ingest", "--dry-run", "--accept-new", str(DOCUMENT), store=loaded)
    assert dry.returncode == 0, dry.stderr
    assert f"read 1 document(s) ({DOCUMENT.name})" in dry.stdout
    assert any(line.split()[:1] == ["Document"] for line in dry.stdout.splitlines())
    assert _state(loaded) == before
    ingested = run("ingest", "--accept-new", str(DOCUMENT), store=loaded)
    assert ingested.returncode == 0 and "facts written" in ingested.stdout
    assert _state(loaded) != before


# --- progress bars ---------------------------------------------------------------------------------------


def _in_a_terminal(args: list[str], store: Path) -> tuple[int, str, str]:
    """Run the command with standard error on a pseudo-terminal (standard output to a file): its exit status,
    its standard output, and what the terminal showed."""
    leader, follower = pty.openpty()
    env = _env(store, TERM="xterm-256color", COLUMNS="120", LINES="40")
    out = store.parent / "stdout.txt"
    with out.open("w") as stdout:
        process = subprocess.Popen([COMMAND, *args], stdout=stdout, stderr=follower, cwd=store.parent, env=env)
    os.close(follower)
    shown = b""
    try:
        while select.select([leader], [], [], 60)[0]:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # Linux: the terminal's other end closed, the command is done
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
        status = process.wait(timeout=60)
    return status, out.read_text(encoding="utf-8"), shown.decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("args", "stage"),
    [
        (["load", str(REPO / "data")], "reading data packages"),
        (["import-3w", str(SHEET)], "reading sheets"),
        (["ingest", str(DOCUMENT)], "extracting"),
        (["export", "--format", "graphml"], "reading the graph"),
    ],
)
def test_progress_bars_show_on_a_terminal_and_not_in_a_pipe(loaded: Path, args: list[str], stage: str) -> None:
    status, out, shown = _in_a_terminal(args, loaded)
    assert status == 0, shown
    assert stage in shown and "\x1b[" in shown
    assert out.strip() and "\x1b[" not in out  # the report itself stays plain, on standard output
    piped = run(*args, store=loaded)
    assert piped.returncode == 0, piped.stderr
    assert stage not in piped.stderr and "\x1b[" not in piped.stderr + piped.stdout


# --- a reader that stops early ---------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["stats"], ["export"]])
def test_a_closed_pipe_ends_the_command_quietly(loaded: Path, args: list[str]) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # as `head` does once it has read enough: every write now fails
    try:
        result = subprocess.run(
            [COMMAND, *args], stdout=writer, stderr=subprocess.PIPE, cwd=loaded.parent, env=_env(loaded), timeout=120
        )
    finally:
        os.close(writer)
    stderr = result.stderr.decode()
    assert result.returncode == 141, stderr
    assert stderr == ""


def test_stats_and_export_into_head_print_no_traceback(loaded: Path) -> None:
    for command in (f"{COMMAND} stats | head -1", f"{COMMAND} export | head -c1"):
        result = subprocess.run(
            ["bash", "-c", f"set -o pipefail; {command}"],
            capture_output=True,
            text=True,
            cwd=loaded.parent,
            env=_env(loaded),
            timeout=120,
            check=False,
        )
        assert result.stdout and result.returncode in (0, 141), command
        assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr
