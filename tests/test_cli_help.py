"""Every command's --help explains each of its options and arguments; import-3w's names what it reads."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from graph_api.cli import _parser

COMMAND = str(Path(sys.executable).parent / "migragraph")


def _commands() -> dict[str, argparse.ArgumentParser]:
    [sub] = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_option_and_argument_has_its_help_in_the_command_s_help(name: str) -> None:
    command = _commands()[name]
    shown = _words(command.format_help())
    assert command.description, name
    for action in command._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        what = "/".join(action.option_strings) or action.dest
        assert action.help and action.help != argparse.SUPPRESS and len(action.help) >= 15, f"{name} {what}"
        assert _words(action.help.split("%(")[0])[:40] in shown, f"{name} {what}"
        for option in action.option_strings:
            assert option in shown, f"{name} {option}"


def test_the_write_commands_offer_a_dry_run() -> None:
    commands = _commands()
    for name in ("load", "import-3w", "ingest"):
        assert "--dry-run" in commands[name].format_help(), name


def test_import_3w_help_names_the_hashtags_and_date_forms_it_reads() -> None:
    shown = subprocess.run(
        [COMMAND, "import-3w", "--help"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    for hashtag in ("#org+acronym", "#org+id", "#sector", "#subsector", "#adm1", "#adm2", "#country", "#activity"):
        assert f"  {hashtag} " in shown, hashtag
    for hashtag in ("#org+name", "#org+impl", "#date+start", "#date+end", "#date", "#population", "#reached"):
        assert hashtag in shown, hashtag
    for hashtag in ("#targeted", "#beneficiary", "#status"):
        assert hashtag in shown, hashtag
    assert "ISO 3166-2 code or OCHA p-code" in _words(shown)
    for form in ("YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY", "decided per sheet"):
        assert form in _words(shown), form
    assert "examples:" in shown and "migragraph import-3w --dry-run" in shown


def test_the_epilogs_fit_a_terminal() -> None:
    for name, command in _commands().items():
        for line in (command.epilog or "").splitlines():
            assert len(line) <= 100, f"{name}: {line}"
