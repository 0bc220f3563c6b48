"""`reflect delete ID`: asks first (`--yes` to skip); removes the entry everywhere, search too."""

from __future__ import annotations

import pytest

from reflect_cli.db.store import Store

GIBBS = """\
description: A new admission was not handed over.
action_plan: |
  Use the SBAR sheet
"""


@pytest.fixture
def entry_id(cli, exported) -> str:
    result = cli(
        "gibbs", "--answers", "-", "--title", "Missed handover", "-t", "nights", input=GIBBS
    )
    assert result.exit_code == 0, result.output
    cli("quick", "Another day, kept")
    return exported()[0]["id"]


def found_in_search(store: Store, word: str) -> int:
    return store.db.execute(
        "SELECT count(*) FROM steps_fts WHERE steps_fts MATCH ?", [word]
    ).fetchone()[0]


def rows(store: Store, entry_id: str) -> dict[str, int]:
    return {
        table: store.db.execute(
            f"SELECT count(*) FROM {table} WHERE {column} = ?", [entry_id]
        ).fetchone()[0]
        for table, column in [
            ("entries", "id"),
            ("steps", "entry_id"),
            ("tags", "entry_id"),
            ("actions", "entry_id"),
        ]
    }


def test_yes_deletes_the_entry_its_steps_tags_actions_and_search_rows(
    cli, exported, entry_id, store: Store
) -> None:
    assert found_in_search(store, "admission") == 1
    result = cli("delete", entry_id[:8], "--yes")
    assert result.exit_code == 0, result.output
    assert "Deleted “Missed handover”." in result.stdout
    assert [e["title"] for e in exported()] == ["Another day, kept"]
    assert rows(store, entry_id) == {"entries": 0, "steps": 0, "tags": 0, "actions": 0}
    assert found_in_search(store, "admission") == 0
    assert found_in_search(store, "kept") == 1
    assert (
        store.db.execute(
            "SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'handover'"
        ).fetchone()[0]
        == 0
    )


def test_it_asks_and_no_keeps_the_entry(cli, exported, entry_id) -> None:
    cli.terminal = True
    day = exported()[0]["created_at"][:10]
    result = cli("delete", entry_id, input="n\n")
    assert result.exit_code == 0
    assert "“Missed handover” · " + day in result.stdout
    assert "Delete this reflection? It cannot be undone. [y/N]" in result.stdout
    assert result.stdout.strip().endswith("Kept.")
    assert len(exported()) == 2


def test_just_enter_keeps_the_entry(cli, exported, entry_id) -> None:
    cli.terminal = True
    assert cli("delete", entry_id, input="\n").exit_code == 0
    assert len(exported()) == 2


def test_it_asks_and_yes_deletes(cli, exported, entry_id) -> None:
    cli.terminal = True
    result = cli("delete", entry_id, input="y\n")
    assert result.exit_code == 0
    assert "Deleted “Missed handover”." in result.stdout
    assert [e["title"] for e in exported()] == ["Another day, kept"]


def test_without_a_terminal_it_needs_yes(cli, exported, entry_id) -> None:
    cli.terminal = False
    result = cli("delete", entry_id, input="y\n")
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert len(exported()) == 2


def test_unknown_and_short_ids(cli, entry_id) -> None:
    result = cli("delete", "ffffffff", "--yes")
    assert result.exit_code == 1 and "No entry has an id starting 'ffffffff'" in result.stderr
    assert cli("delete", entry_id[:4], "--yes").exit_code == 1


def test_deleting_twice_says_it_is_gone(cli, entry_id) -> None:
    assert cli("delete", entry_id, "--yes").exit_code == 0
    result = cli("delete", entry_id, "--yes")
    assert result.exit_code == 1 and "No entry has an id" in result.stderr


def test_help_has_an_example(cli) -> None:
    result = cli("delete", "--help")
    assert result.exit_code == 0 and "Example: reflect delete" in result.stdout
