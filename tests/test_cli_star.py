"""`reflect star ID` / `unstar ID`: the star in `list`, `list --starred`, `show`, the JSON
shapes, the export and import, and a database from before stars."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import pytest
from rich.cells import cell_len

from reflect_cli.core import frameworks
from reflect_cli.db.store import Store


@pytest.fixture
def two(cli, exported) -> list[str]:
    """Two entries, oldest first: their ids."""
    cli("quick", "Sat with a frightened family", "--at", "2026-01-10", "-t", "kindness")
    cli("quick", "Habari za asubuhi, zamu ya usiku 🌙", "--at", "2026-02-10")
    return [e["id"] for e in exported()]


def listed(cli, *extra: str) -> list[dict]:
    result = cli("list", "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_star_marks_the_entry_in_list_and_show(cli, two) -> None:
    family, _night = two
    result = cli("star", family[:6])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "★ Starred “Sat with a frightened family”. Find it again with: reflect list --starred\n"
    )
    lines = cli("list").stdout.splitlines()
    assert "★ Sat with a frightened family" in next(line for line in lines if family[:8] in line)
    assert "★" not in next(line for line in lines if "Habari" in line)
    assert cli("show", family[:8]).stdout.splitlines()[0] == "★ Sat with a frightened family"
    assert "★" not in cli("show", two[1][:8]).stdout


def test_list_starred_shows_only_starred_entries(cli, two) -> None:
    assert cli("list", "--starred").stdout.startswith("No starred reflections yet.")
    cli("star", two[1])
    assert [e["id"] for e in listed(cli, "--starred")] == [two[1]]
    assert listed(cli, "--starred", "-t", "kindness") == []
    result = cli("list", "--starred", "-t", "kindness")
    assert "No reflections match these filters" in result.stdout


def test_starred_is_in_every_json_shape(cli, two, exported) -> None:
    cli("star", two[0][:8])
    assert [e["starred"] for e in listed(cli)] == [False, True]
    assert json.loads(cli("show", two[0][:8], "--json").stdout)["starred"] is True
    assert json.loads(cli("show", two[1][:8], "--json").stdout)["starred"] is False
    assert [e["starred"] for e in exported()] == [True, False]


def test_starring_twice_is_fine_and_says_so(cli, two) -> None:
    assert cli("star", two[0]).exit_code == 0
    again = cli("star", two[0])
    assert again.exit_code == 0
    assert again.stdout == "“Sat with a frightened family” has a star already; it stays starred.\n"
    assert again.stderr == ""


def test_unstar(cli, two, exported) -> None:
    before = exported()[0]["updated_at"]
    cli("star", two[0])
    result = cli("unstar", two[0][:7])
    assert result.exit_code == 0
    assert result.stdout == (
        "Took the star off “Sat with a frightened family”. The reflection itself is unchanged.\n"
    )
    assert listed(cli, "--starred") == []
    again = cli("unstar", two[0][:7])
    assert again.exit_code == 0 and "has no star, so there was nothing to take off" in again.stdout
    assert exported()[0]["updated_at"] == before  # a star is not an edit


@pytest.mark.parametrize("command", ["star", "unstar"])
def test_unknown_short_and_missing_ids(cli, two, command) -> None:
    unknown = cli(command, "ffffffff")
    assert unknown.exit_code == 1
    assert "No entry has an id starting 'ffffffff'" in unknown.stderr
    assert "Traceback" not in unknown.output and unknown.stdout == ""
    short = cli(command, two[0][:5])
    assert short.exit_code == 1 and "too short" in short.stderr
    missing = cli(command)
    assert missing.exit_code == 2 and "ID" in missing.stderr


def test_ambiguous_prefix(cli, exported, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = iter([uuid.UUID("abcdef12-0000-4000-8000-000000000001"),
                uuid.UUID("abcdef34-0000-4000-8000-000000000002")])
    monkeypatch.setattr("reflect_cli.db.entries.uuid.uuid4", lambda: next(ids))
    cli("quick", "First of two")
    cli("quick", "Second of two")
    result = cli("star", "abcdef")
    assert result.exit_code == 1
    assert "More than one entry has an id starting 'abcdef'" in result.stderr
    assert "Give a few more characters" in result.stderr
    assert listed(cli, "--starred") == []
    assert cli("star", "abcdef3").exit_code == 0
    assert [e["title"] for e in listed(cli, "--starred")] == ["Second of two"]


def test_a_draft_cannot_be_starred(cli, store: Store) -> None:
    draft = store.start_draft(frameworks.get("quick"))
    result = cli("star", draft)
    assert result.exit_code == 1 and "No entry has an id" in result.stderr


def test_a_title_is_text_not_markup(cli) -> None:
    cli("quick", "[bold]not bold[/bold] \x1b[31mred")
    entry_id = listed(cli)[0]["id"]
    out = cli("star", entry_id).stdout
    assert "[bold]not bold[/bold] ␛[31mred" in out and "\x1b" not in out


@pytest.mark.parametrize("columns", [40, 80])
def test_the_star_shows_without_colour_at_any_width(cli, two, monkeypatch, columns) -> None:
    cli("star", two[1])
    monkeypatch.setenv("COLUMNS", str(columns))
    out = cli("list").stdout  # NO_COLOR is set for every test
    assert "★ Habari" in out and out.count("★") == 1 and "\x1b" not in out
    assert all(cell_len(line.rstrip()) <= columns for line in out.splitlines())


def test_stars_survive_export_and_import(cli, two, tmp_path: Path) -> None:
    cli("star", two[1])
    backup = tmp_path / "backup.json"
    assert cli("export", "-o", str(backup)).exit_code == 0
    other = tmp_path / "other.db"
    assert cli("--db", str(other), "import", str(backup)).exit_code == 0
    again = json.loads(cli("--db", str(other), "list", "--json", "--starred").stdout)
    assert [e["id"] for e in again] == [two[1]]


def test_importing_never_takes_a_star_away(cli, two, tmp_path: Path) -> None:
    backup = tmp_path / "backup.json"
    backup.write_text(cli("export").stdout)  # neither is starred in the file
    cli("star", two[0])
    result = cli("import", str(backup))
    assert result.stdout == "Imported: 0 new, 0 updated, 2 unchanged.\n"
    assert [e["id"] for e in listed(cli, "--starred")] == [two[0]]
    # a star in the file stars the entry here too, though it is otherwise unchanged
    document = json.loads(backup.read_text())
    document["entries"][1]["starred"] = True
    backup.write_text(json.dumps(document))
    assert cli("import", str(backup)).exit_code == 0
    assert len(listed(cli, "--starred")) == 2


def test_a_newer_copy_keeps_the_star_here(cli, two, tmp_path: Path) -> None:
    cli("star", two[0])
    document = json.loads(cli("export").stdout)
    entry = document["entries"][0]
    entry["updated_at"] = "2999-06-01T10:00:00+00:00"  # newer than here
    entry["title"] = "Sat with a frightened family, and their son"
    del entry["starred"]  # as written by a reflect from before stars
    backup = tmp_path / "newer.json"
    backup.write_text(json.dumps(document))
    result = cli("import", str(backup))
    assert result.stdout == "Imported: 0 new, 1 updated, 1 unchanged.\n"
    assert [e["title"] for e in listed(cli, "--starred")] == [entry["title"]]


def test_an_export_from_before_stars_imports(cli, two, tmp_path: Path) -> None:
    document = json.loads(cli("export").stdout)
    for entry in document["entries"]:
        del entry["starred"]
    backup = tmp_path / "old.json"
    backup.write_text(json.dumps(document))
    other = tmp_path / "other.db"
    result = cli("--db", str(other), "import", str(backup))
    assert result.exit_code == 0, result.output
    assert [e["starred"] for e in json.loads(cli("--db", str(other), "list", "--json").stdout)] \
        == [False, False]


def test_a_starred_that_is_not_true_or_false_is_refused(cli, two, tmp_path: Path) -> None:
    document = json.loads(cli("export").stdout)
    document["entries"][0]["starred"] = "yes"
    backup = tmp_path / "bad.json"
    backup.write_text(json.dumps(document))
    result = cli("--db", str(tmp_path / "other.db"), "import", str(backup))
    assert result.exit_code == 1
    assert "entries[0].starred" in result.stderr and "true or false" in result.stderr


def test_a_database_from_before_stars_is_upgraded(cli, two, db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:  # back to a database from before stars
        conn.execute("DROP INDEX idx_entries_starred")
        conn.execute("ALTER TABLE entries DROP COLUMN starred")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm004_stars'")
    assert [e["starred"] for e in listed(cli)] == [False, False]
    with sqlite3.connect(db_path) as conn:
        plan = conn.execute("EXPLAIN QUERY PLAN SELECT id FROM entries WHERE status = 'done'"
                            " AND starred = 1 ORDER BY created_at").fetchall()
    assert "idx_entries_starred" in str(plan)
    assert cli("star", two[0]).exit_code == 0
    assert [e["id"] for e in listed(cli, "--starred")] == [two[0]]
    assert [e["title"] for e in listed(cli)] == [
        "Habari za asubuhi, zamu ya usiku 🌙", "Sat with a frightened family"
    ]


def test_help_has_examples(cli) -> None:
    assert "Example: reflect star" in cli("star", "--help").stdout
    assert "Example: reflect unstar" in cli("unstar", "--help").stdout
    assert "--starred" in cli("list", "--help").stdout
