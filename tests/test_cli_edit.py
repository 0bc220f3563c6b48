"""`reflect edit ID`: change a saved entry in $VISUAL / $EDITOR, never losing what was typed."""

from __future__ import annotations

import json
import shlex
import stat
import sys
from pathlib import Path

import pytest

from reflect_cli.db.store import Store

GIBBS = """\
description: A new admission was not handed over.
feelings: Worried, then relieved.
action_plan: |
  Use the SBAR sheet
  Ask the night team
"""


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Set $VISUAL to a small Python script that stands in for the user: it applies string
    replacements (each must be found), or writes given content, then exits with `status`.
    It records the path and mode of the file it was given in `editor.log`."""
    log = tmp_path / "editor.log"

    def setup(*replacements: tuple[str, str], content: str | None = None, status: int = 0):
        plan = tmp_path / "editor-plan.json"
        plan.write_text(json.dumps({"replace": replacements, "content": content}))
        script = tmp_path / "fake-editor.py"
        script.write_text(
            f"#!{sys.executable}\n"
            "import json, os, stat, sys\n"
            f"plan = json.load(open({str(plan)!r}))\n"
            "path = sys.argv[-1]\n"
            f"open({str(log)!r}, 'w').write(json.dumps("
            "[path, stat.S_IMODE(os.stat(path).st_mode), sys.argv[1:-1]]))\n"
            "text = open(path, encoding='utf-8', newline='').read()\n"
            "for old, new in plan['replace']:\n"
            "    if old not in text:\n"
            "        sys.exit(f'fake editor: {old!r} not in the file')\n"
            "    text = text.replace(old, new)\n"
            "if plan['content'] is not None:\n"
            "    text = plan['content']\n"
            "open(path, 'w', encoding='utf-8', newline='').write(text)\n"
            f"sys.exit({status})\n"
        )
        script.chmod(0o755)
        monkeypatch.setenv("VISUAL", shlex.quote(str(script)))
        return script

    setup.log = log
    return setup


@pytest.fixture
def entry_id(cli, exported) -> str:
    result = cli(
        "gibbs", "--answers", "-", "--title", "Missed handover", "-t", "nights", input=GIBBS
    )
    assert result.exit_code == 0, result.output
    return exported()[0]["id"]


def answer(entry: dict, key: str) -> str:
    return next(step["answer"] for step in entry["steps"] if step["key"] == key)


def test_a_changed_answer_is_saved(cli, exported, editor, entry_id) -> None:
    editor(("Worried, then relieved.", "Calmer once we had a plan."))
    result = cli("edit", entry_id[:8])
    assert result.exit_code == 0, result.output
    assert "Saved your changes to “Missed handover”" in result.stdout
    entry = exported()[0]
    assert answer(entry, "feelings") == "Calmer once we had a plan."
    assert answer(entry, "description") == "A new admission was not handed over."
    assert entry["updated_at"] >= entry["created_at"]


def test_search_follows_the_edit(cli, editor, entry_id, store: Store) -> None:
    def found(word: str) -> int:
        sql = "SELECT count(*) FROM steps_fts WHERE steps_fts MATCH ?"
        return store.db.execute(sql, [word]).fetchone()[0]

    assert found("relieved") == 1
    editor(("Worried, then relieved.", "Calmer once we had a plan."))
    assert cli("edit", entry_id).exit_code == 0
    assert (found("relieved"), found("calmer")) == (0, 1)


def test_the_editor_gets_a_private_markdown_file_that_is_removed_after(
    cli, editor, entry_id
) -> None:
    editor()
    assert cli("edit", entry_id).exit_code == 0
    path, mode, _ = json.loads(editor.log.read_text())
    assert path.endswith(".md") and mode == 0o600
    assert not Path(path).exists() and not Path(path).parent.exists()


def test_title_and_tags_can_be_changed(cli, exported, editor, entry_id) -> None:
    editor(("# Missed handover", "# Handover at night"), ("Tags: nights", "Tags: Handover, nights"))
    assert cli("edit", entry_id[:6]).exit_code == 0
    entry = exported()[0]
    assert entry["title"] == "Handover at night"
    assert entry["tags"] == ["handover", "nights"]
    assert exported("--tag", "handover")


def test_the_mood_follows_its_answer(cli, exported, editor) -> None:
    cli("quick", "--answers", "-", input="mood: 2\nwhat_mattered: A long day\n")
    entry = exported()[0]
    assert entry["mood"] == 2
    editor(("-->\n\n2\n", "-->\n\n4\n"))
    assert cli("edit", entry["id"]).exit_code == 0
    entry = exported()[0]
    assert entry["mood"] == 4 and answer(entry, "mood") == "4"


def test_actions_are_resynced_and_a_done_one_keeps_its_date_and_note(
    cli, exported, editor, entry_id, store: Store
) -> None:
    before = {a["text"]: a for a in exported()[0]["actions"]}
    store.db.execute(
        "UPDATE actions SET done_at = '2026-11-21T08:00:00+00:00', note = 'Went well' WHERE id = ?",
        [before["Use the SBAR sheet"]["id"]],
    )
    store.db.conn.commit()
    editor(
        (
            "Use the SBAR sheet\nAsk the night team",
            "Tell pharmacy about the new chart\n- Use the SBAR sheet",
        )
    )
    assert cli("edit", entry_id).exit_code == 0
    actions = exported()[0]["actions"]
    assert [a["text"] for a in actions] == [
        "Tell pharmacy about the new chart",
        "Use the SBAR sheet",
    ]
    added, kept = actions
    assert kept["id"] == before["Use the SBAR sheet"]["id"]
    assert (kept["done_at"], kept["note"]) == ("2026-11-21T08:00:00+00:00", "Went well")
    assert added["done_at"] is None and added["id"] not in {a["id"] for a in before.values()}


def test_unchanged_text_writes_nothing(cli, exported, editor, entry_id) -> None:
    before = exported()[0]
    editor()
    result = cli("edit", entry_id)
    assert result.exit_code == 0
    assert result.stdout.strip() == "No changes."
    assert exported()[0] == before


def test_only_spacing_changed_writes_nothing(cli, exported, editor, entry_id) -> None:
    before = exported()[0]
    editor(("Worried, then relieved.", "\n\nWorried, then relieved.   \n\n"))
    result = cli("edit", entry_id)
    assert result.exit_code == 0 and "No changes." in result.stdout
    assert exported()[0]["updated_at"] == before["updated_at"]


def recovered(db_path: Path) -> list[Path]:
    return sorted((db_path.parent / "recovered").glob("edit-*.md"))


def test_broken_headings_change_nothing_and_keep_the_text(
    cli, exported, editor, entry_id, db_path: Path
) -> None:
    before = exported()[0]
    editor(("## Feelings", "## How I felt"), ("Worried, then relieved.", "Much better now."))
    result = cli("edit", entry_id)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert "'## How I felt' is not one of this entry's headings" in lines[0]
    assert "Nothing was changed; your edited text is kept in" in lines[1]
    assert exported()[0] == before
    [kept] = recovered(db_path)
    assert str(kept) in result.stderr.replace("\n  ", "")
    assert kept.name.startswith(f"edit-{entry_id[:8]}-")
    text = kept.read_text(encoding="utf-8")
    assert "## How I felt\n" in text and "Much better now." in text
    path, _, _ = json.loads(editor.log.read_text())
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    assert not Path(path).exists()


def test_the_recovery_file_holds_exactly_what_the_user_wrote(
    cli, editor, entry_id, db_path: Path
) -> None:
    mine = "I rewrote it all\r\nwithout headings\n\n<!-- and a note -->\n"
    editor(content=mine)
    result = cli("edit", entry_id)
    assert result.exit_code == 1 and "text before the first '## ' heading" in result.stderr
    [kept] = recovered(db_path)
    assert kept.read_bytes() == mine.encode("utf-8")


def test_a_bad_scale_value_names_the_step(cli, exported, editor, db_path: Path) -> None:
    cli("quick", "--answers", "-", input="mood: 2\nwhat_mattered: A long day\n")
    entry = exported()[0]
    editor(("-->\n\n2\n", "-->\n\n9\n"))
    result = cli("edit", entry["id"])
    assert result.exit_code == 1
    assert "'Mood': give a whole number from 1 to 5" in result.stderr
    assert exported()[0] == entry
    [kept] = recovered(db_path)  # not at a terminal: no second try, the text is kept
    assert "-->\n\n9\n" in kept.read_text(encoding="utf-8")
    assert str(kept) in " ".join(result.stderr.split())


def test_an_editor_that_fails_saves_nothing(cli, exported, editor, entry_id, db_path) -> None:
    before = exported()[0]
    editor(("Worried, then relieved.", "Half-typed"), status=3)
    result = cli("edit", entry_id)
    assert result.exit_code == 1
    assert "The editor stopped with an error (exit status 3), so nothing was saved." in (
        result.stderr
    )
    assert exported()[0] == before
    [kept] = recovered(db_path)
    assert "Half-typed" in kept.read_text()


def test_an_editor_that_fails_without_changes_just_says_so(cli, editor, entry_id, db_path) -> None:
    editor(status=1)
    result = cli("edit", entry_id)
    assert result.exit_code == 1
    assert "Nothing was changed." in result.stderr
    assert not recovered(db_path)


def test_editor_falls_back_to_EDITOR_and_takes_arguments(
    cli, exported, editor, entry_id, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = editor(("Worried, then relieved.", "Fine."))
    monkeypatch.setenv("VISUAL", "")
    monkeypatch.setenv("EDITOR", f"{shlex.quote(str(script))} --wait")
    assert cli("edit", entry_id).exit_code == 0
    assert json.loads(editor.log.read_text())[2] == ["--wait"]
    assert answer(exported()[0], "feelings") == "Fine."


def test_a_missing_editor_is_a_clear_error(
    cli, exported, entry_id, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = exported()[0]
    monkeypatch.setenv("VISUAL", str(tmp_path / "no-such-editor"))
    result = cli("edit", entry_id)
    assert result.exit_code == 1
    assert "The editor named in $VISUAL" in result.stderr and "could not be found" in result.stderr
    assert "export EDITOR=" in result.stderr
    assert "Traceback" not in result.output
    assert exported()[0] == before


def test_unknown_and_short_ids(cli, entry_id, editor) -> None:
    editor()
    result = cli("edit", "ffffffff")
    assert result.exit_code == 1 and "No entry has an id starting 'ffffffff'" in result.stderr
    assert cli("edit", entry_id[:3]).exit_code == 1


def test_help_has_an_example(cli) -> None:
    result = cli("edit", "--help")
    assert result.exit_code == 0 and "Example: reflect edit" in result.stdout


def test_a_missing_nano_suggests_an_editor_that_is_there(
    cli, exported, entry_id, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "vi").write_text("#!/bin/sh\n")
    (bin_dir / "vi").chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "nano")
    result = cli("edit", entry_id)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, result.stderr
    assert "The editor named in $EDITOR, 'nano', could not be found." in lines[0]
    assert "export EDITOR=vi" in lines[1]
    assert "EDITOR=nano" not in result.stderr


# -- any answer text survives an edit --------------------------------------------------------

TRICKY = (
    "Handover at 07:00\n## Kindness\n<!-- my own note -->\n# Not a title\n\\## slash\n---\n- [ ] x"
)


def test_answers_with_headings_and_comments_survive_an_edit(cli, exported, editor) -> None:
    """A line '## Kindness' (a step's own title) and '<!-- my own note -->' are answer text."""
    answers = json.dumps({"mood": 3, "what_mattered": TRICKY, "kindness": "Tea"})
    assert cli("quick", "--answers", "-", input=answers).exit_code == 0
    entry = exported()[0]
    editor(("Tea", "Tea with the team"))
    result = cli("edit", entry["id"])
    assert result.exit_code == 0, result.stderr
    after = exported()[0]
    assert answer(after, "what_mattered") == TRICKY
    assert answer(after, "kindness") == "Tea with the team"
    editor(("<!-- my own note -->", "<!-- my own note, kept -->"))
    assert cli("edit", entry["id"]).exit_code == 0
    assert answer(exported()[0], "what_mattered") == TRICKY.replace("note -->", "note, kept -->")


def test_a_failed_edit_of_an_encrypted_journal_is_never_kept_in_plain(
    cli, exported, editor, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlcipher3")
    cli("quick", "--answers", "-", input="mood: 2\nwhat_mattered: A long day\n")
    monkeypatch.setenv("REFLECT_PASSPHRASE", "a quiet ward")
    assert cli("encrypt").exit_code == 0
    entry = exported()[0]
    editor(("-->\n\n2\n", "-->\n\n9\n"))
    result = cli("edit", entry["id"])
    assert result.exit_code == 1
    assert not recovered(db_path)
    assert "-->\n\n9\n" in result.stderr  # said back, to copy
    assert "printed above, to copy" in " ".join(result.stderr.split())
