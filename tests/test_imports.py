"""Everyday commands pay only for what they use: a deterministic check of what they import.

Speed itself is measured by `make bench`; this test keeps the heavy imports off the everyday
paths so the budgets cannot quietly regress.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ("questionary", "prompt_toolkit", "rich.markdown", "sqlite_utils", "docx", "lxml")

PROBE = """
import json, sys
from reflect_cli.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def imported(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True, text=True, env=dict(os.environ), timeout=60,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, result.stderr
    return set(report["modules"])


@pytest.fixture
def journal(cli) -> str:
    """A database that exists already (creating one is the only time sqlite-utils loads)."""
    cli("rolfe", "--answers", "-", input="what: A missed handover\nnow_what: Use SBAR\n")
    listing = json.loads(cli("list", "--json").stdout)
    return listing[0]["id"]


@pytest.mark.parametrize(
    "args",
    [
        ["quick", "A calm night"],
        ["list", "-n", "10"],
        ["search", "handover"],
        ["review", "--week"],
        ["actions"],
        ["drafts"],
        ["export"],
    ],
    ids=lambda args: " ".join(args),
)
def test_everyday_commands_skip_heavy_imports(journal: str, args: list[str]) -> None:
    loaded = imported(*args)
    assert not {m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY}


def test_show_skips_heavy_imports(journal: str) -> None:
    loaded = imported("show", journal[:8])
    assert not {m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY}
    assert "reflect_cli.output.markdown" in loaded


def test_version_imports_neither_rich_nor_the_store() -> None:
    loaded = imported("--version")
    assert "rich" not in loaded and "reflect_cli.db.store" not in loaded


GUIDED_PROBE = """
import json, sys
from reflect_cli.cli import app
from reflect_cli.context import Environment
try:
    app(sys.argv[1:], prog_name="reflect", obj=Environment(terminal=True))
except SystemExit as stop:
    code = stop.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def test_a_guided_command_does_import_the_prompts(journal: str) -> None:
    """The checks above can fail: the same probe sees questionary when a command asks its
    questions (here `rolfe` as if at a terminal, its input closed: it asks, then stops)."""
    result = subprocess.run(
        [sys.executable, "-c", GUIDED_PROBE, "rolfe"], stdin=subprocess.DEVNULL,
        capture_output=True, text=True, env=dict(os.environ), timeout=60,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["code"] == 130, result.stderr  # it asked, and the closed input stopped it
    assert "questionary" in report["modules"] and "prompt_toolkit" in report["modules"]
