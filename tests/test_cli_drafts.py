"""`reflect drafts` and `reflect resume` (the interactive resume is in test_ask/test_terminal)."""

from __future__ import annotations

import json

import pytest

from reflect_cli.core import frameworks
from reflect_cli.db.store import Store


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
    assert "0 reflections · 1 draft · 0 open actions" in cli().stdout


def test_no_drafts(cli) -> None:
    assert "No drafts" in cli("drafts").stdout
    assert json.loads(cli("drafts", "--json").stdout) == []
    result = cli("resume")
    assert result.exit_code == 0
    assert "No drafts to resume" in result.stdout
    for shown in (cli("drafts").stdout, result.stdout):  # nothing started: nothing "finished"
        assert "finished" not in shown and "every reflection" not in shown


def test_resume_without_terminal_exits_2(cli, draft_id: str) -> None:
    result = cli("resume", draft_id[:6])
    assert result.exit_code == 2
    assert "terminal" in result.stderr


@pytest.mark.parametrize(("prefix", "message"), [("abc", "too short"), ("ffffffff", "No draft")])
def test_resume_unknown_draft(cli, draft_id: str, prefix: str, message: str) -> None:
    result = cli("resume", prefix)
    assert result.exit_code == 1
    assert message in result.stderr


# -- reflect drafts discard ID -----------------------------------------------------------------


def draft_rows(store: Store, entry_id: str) -> int:
    tables = (("entries", "id"), ("steps", "entry_id"), ("tags", "entry_id"))
    sql = "SELECT count(*) FROM {} WHERE {} = ?"
    return sum(store.db.execute(sql.format(*t), [entry_id]).fetchone()[0] for t in tables)


def test_discard_with_yes_removes_the_draft(cli, draft_id: str, store: Store) -> None:
    result = cli("drafts", "discard", draft_id[:6], "--yes")
    assert result.exit_code == 0, result.stderr
    assert "Discarded the draft “The start of something”" in result.stdout
    assert draft_rows(store, draft_id) == 0
    assert "No drafts" in cli("drafts").stdout


def test_discard_asks_showing_the_draft(cli, draft_id: str, store: Store) -> None:
    cli.terminal = True
    result = cli("drafts", "discard", draft_id[:8], input="n\n")
    assert result.exit_code == 0
    assert "“The start of something” · started" in result.stdout
    assert "1 of 6 answered" in result.stdout
    assert "Kept." in result.stdout
    assert draft_rows(store, draft_id) > 0
    result = cli("drafts", "discard", draft_id[:8], input="y\n")
    assert result.exit_code == 0 and "Discarded" in result.stdout
    assert draft_rows(store, draft_id) == 0


def test_discard_without_a_terminal_needs_yes(cli, draft_id: str, store: Store) -> None:
    cli.terminal = False
    result = cli("drafts", "discard", draft_id[:8])
    assert result.exit_code == 2
    assert "--yes" in result.stderr and len(result.stderr.strip().splitlines()) == 2
    assert draft_rows(store, draft_id) > 0


def test_discard_an_unknown_or_finished_id(cli, draft_id: str, exported) -> None:
    result = cli("drafts", "discard", "ffffffff", "--yes")
    assert result.exit_code == 1
    assert "No draft has an id starting 'ffffffff'" in result.stderr
    assert "Traceback" not in result.output
    cli("quick", "A finished one")
    done = exported()[0]["id"]
    assert cli("drafts", "discard", done[:8], "--yes").exit_code == 1
    assert len(exported()) == 1


def test_drafts_still_lists_and_has_help(cli, draft_id: str) -> None:
    assert draft_id[:8] in cli("drafts").stdout
    assert json.loads(cli("drafts", "--json").stdout)[0]["id"] == draft_id
    result = cli("drafts", "--help")
    assert result.exit_code == 0 and "discard" in result.stdout


def test_delete_of_a_draft_points_to_discard(cli, draft_id: str, store: Store) -> None:
    result = cli("delete", draft_id[:8], "--yes")
    assert result.exit_code == 1
    assert f"That is a draft: reflect drafts discard {draft_id[:8]}" in result.stderr
    assert "No entry has an id" not in result.stderr
    assert draft_rows(store, draft_id) > 0
