"""`reflect show ID`: one entry in full, by a unique id prefix of six or more characters."""

from __future__ import annotations

import json
import uuid

import pytest

from reflect_cli.core import frameworks
from reflect_cli.db.store import Store

ROLFE = """\
what: The new admission was not handed over.
so_what: The SBAR sheet would have caught it.
now_what: |
  Use the SBAR sheet at every handover
  Ask the night team to do the same
"""


@pytest.fixture
def entry_id(cli, exported) -> str:
    result = cli(
        "rolfe", "--answers", "-", "--title", "Missed handover", "-t", "handover", input=ROLFE
    )
    assert result.exit_code == 0, result.output
    return exported()[0]["id"]


def test_show_by_six_character_prefix(cli, entry_id: str) -> None:
    result = cli("show", entry_id[:6])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Missed handover" in out and "rolfe" in out and "handover" in out
    for question, answer in [
        ("What happened?", "The new admission was not handed over."),
        ("What does this mean for you and your practice?", "The SBAR sheet would have caught it."),
    ]:
        assert question in out and answer in out
        assert out.index(question) < out.index(answer)
    assert "Use the SBAR sheet at every handover" in out
    assert "Ask the night team to do the same" in out


def test_show_by_full_id_and_upper_case(cli, entry_id: str) -> None:
    assert "Missed handover" in cli("show", entry_id).stdout
    assert "Missed handover" in cli("show", entry_id[:10].upper()).stdout


def test_show_json_is_the_exported_entry(cli, entry_id: str, exported) -> None:
    result = cli("show", entry_id[:8], "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == exported()[0]


def test_show_unknown_id(cli, entry_id: str) -> None:
    result = cli("show", "ffffffff")
    assert result.exit_code == 1
    assert "No entry has an id starting 'ffffffff'" in result.stderr
    assert "reflect list" in result.stderr
    assert result.stdout == ""


def test_show_too_short_prefix(cli, entry_id: str) -> None:
    result = cli("show", entry_id[:5])
    assert result.exit_code == 1
    assert "too short" in result.stderr and "at least 6" in result.stderr


def test_show_ambiguous_prefix(cli, exported, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = iter(
        [
            uuid.UUID("abcdef12-0000-4000-8000-000000000001"),
            uuid.UUID("abcdef34-0000-4000-8000-000000000002"),
        ]
    )
    monkeypatch.setattr("reflect_cli.db.entries.uuid.uuid4", lambda: next(ids))
    cli("quick", "First of two")
    cli("quick", "Second of two")
    assert [e["id"][:8] for e in exported()] == ["abcdef12", "abcdef34"]
    result = cli("show", "abcdef")
    assert result.exit_code == 1
    assert "More than one entry has an id starting 'abcdef'" in result.stderr
    assert "Second of two" in cli("show", "abcdef3").stdout


def test_show_does_not_show_drafts(cli, store: Store) -> None:
    draft = store.start_draft(frameworks.get("quick"))
    result = cli("show", draft)
    assert result.exit_code == 1
    assert "No entry has an id" in result.stderr


def test_show_left_empty_steps_are_marked(cli) -> None:
    cli("rolfe", "--answers", "-", input="what: Only this\n")
    (entry,) = json.loads(cli("list", "--json").stdout)
    out = cli("show", entry["id"][:6]).stdout
    assert "Only this" in out and "(left empty)" in out


def test_show_help_has_example(cli) -> None:
    result = cli("show", "--help")
    assert result.exit_code == 0 and "Example: reflect show" in result.stdout
