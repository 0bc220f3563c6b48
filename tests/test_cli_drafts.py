"""`reflect drafts` and `reflect resume` (the interactive resume is in test_ask/test_terminal)."""

from __future__ import annotations

import json

import pytest

from reflect_cli import frameworks
from reflect_cli.store import Store


@pytest.fixture
def draft_id(store: Store) -> str:
    entry_id = store.start_draft(frameworks.get("gibbs"))
    store.save_answer(entry_id, "description", "The start of something")
    return entry_id


def test_drafts_lists_unfinished(cli, draft_id: str) -> None:
    result = cli("drafts")
    assert result.exit_code == 0
    assert draft_id[:8] in result.stdout
    assert "1 of 6" in result.stdout
    assert "The start of something" in result.stdout
    assert "reflect resume" in result.stdout


def test_drafts_json(cli, draft_id: str) -> None:
    (draft,) = json.loads(cli("drafts", "--json").stdout)
    assert draft["id"] == draft_id
    assert (draft["answered"], draft["steps"], draft["next_step"]) == (1, 6, "feelings")


def test_drafts_are_not_entries(cli, draft_id: str, exported) -> None:
    assert exported() == []
    assert "0 reflections · 1 drafts" in cli().stdout


def test_no_drafts(cli) -> None:
    assert "No drafts" in cli("drafts").stdout
    assert json.loads(cli("drafts", "--json").stdout) == []
    result = cli("resume")
    assert result.exit_code == 0
    assert "No drafts to resume" in result.stdout


def test_resume_without_terminal_exits_2(cli, draft_id: str) -> None:
    result = cli("resume", draft_id[:6])
    assert result.exit_code == 2
    assert "terminal" in result.stderr


@pytest.mark.parametrize(("prefix", "message"), [("abc", "too short"), ("ffffffff", "No draft")])
def test_resume_unknown_draft(cli, draft_id: str, prefix: str, message: str) -> None:
    result = cli("resume", prefix)
    assert result.exit_code == 1
    assert message in result.stderr
