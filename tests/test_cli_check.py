"""The identifier guard end to end: the warning and mark after a save, `reflect check`, the
review's count, what `reflect export` leaves out or redacts, edit and import, and the settings."""

from __future__ import annotations

import csv
import io
import json
import shlex
import sqlite3
import sys
from pathlib import Path

import pytest

from reflect_cli.db.store import Store

RISKY = "Mrs Achieng, a 67-year-old, rang from 0712 345 678"
CLEAN = "Calm night; the SBAR sheet helped"


@pytest.fixture
def settings(tmp_path: Path):
    """Write the settings file (REFLECT_CONFIG points at it in every test)."""

    def write(text: str) -> None:
        (tmp_path / "config.toml").write_text(text, encoding="utf-8")

    return write


def saved_id(cli, *args: str) -> str:
    result = cli("quick", *args)
    assert result.exit_code == 0, result.output
    return json.loads(cli("list", "-n", "1", "--json").stdout)[0]["id"]


def marked(db_path: Path) -> set[str]:
    store = Store.open(db_path)
    try:
        return store.marked_ids()
    finally:
        store.close()


# -- saving without questions -------------------------------------------------------------------


def test_quick_text_with_findings_is_saved_marked_and_warned_about(cli, db_path) -> None:
    result = cli("quick", RISKY)
    assert result.exit_code == 0, result.output
    assert "Saved: " in result.stdout
    warning = result.stderr
    assert "could identify someone" in warning
    assert "name: Mrs Achieng" in warning
    assert "exact age: 67-year-old" in warning
    assert "phone number: 0712 345 678" in warning
    assert warning.count("Mrs Achieng") == 1  # the default title repeats it; listed once
    (entry_id,) = marked(db_path)
    assert f"reflect edit {entry_id[:8]}" in warning


def test_clean_text_is_not_warned_about_or_marked(cli, db_path) -> None:
    result = cli("quick", CLEAN)
    assert result.exit_code == 0 and result.stderr == ""
    assert marked(db_path) == set()


def test_answers_file_and_title_are_checked(cli, db_path, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("what: A fall at night\nso_what: I was slow to call for help\n")
    result = cli("rolfe", "--answers", str(answers), "--title", "Fall, DOB 12/03/1957")
    assert result.exit_code == 0, result.output
    assert "date of birth: 12/03/1957" in result.stderr
    assert len(marked(db_path)) == 1


def test_a_long_list_of_findings_is_cut_short(cli) -> None:
    text = " ".join(f"Bed {n}" for n in range(1, 15))
    result = cli("quick", text)
    assert result.stderr.count("record or bed number:") == 10
    assert "record or bed number: Bed 1\n" in result.stderr  # the word that says what it is
    assert "and 4 more: reflect check" in result.stderr


# -- reflect check ------------------------------------------------------------------------------


def test_check_lists_entries_with_findings_and_how_to_fix(cli) -> None:
    risky = saved_id(cli, RISKY, "--title", "Family call")
    saved_id(cli, CLEAN)
    result = cli("check")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Checked 2 reflections: 1 may identify someone." in out
    assert risky[:8] in out and "Family call" in out
    assert "name" in out and "Mrs Achieng, a 67-year-old" in out
    assert "a life stage instead" in out
    assert "reflect edit ID" in out
    assert CLEAN not in out


def test_check_json_marks_new_findings_and_clears_clean_entries(cli, db_path, settings) -> None:
    settings("[guard]\nenabled = false\n")
    first = saved_id(cli, "A hard night on Ward 7")
    second = saved_id(cli, RISKY)
    assert marked(db_path) == set()  # saved with the guard off
    settings('[guard]\nnames = ["Ward 7"]\n')
    document = json.loads(cli("check", "--json").stdout)
    assert document["checked"] == 2 and document["marked"] == 2
    assert document["newly_marked"] == 2 and document["cleared"] == 0
    by_id = {e["id"]: e for e in document["entries"]}
    assert {f["kind"] for f in by_id[first]["findings"]} == {"listed_name"}
    assert {f["kind"] for f in by_id[second]["findings"]} == {"title_name", "age", "phone"}
    finding = by_id[first]["findings"][0]
    assert finding["text"] == "Ward 7" and finding["placeholder"] == "[name]"
    assert finding["field"] == "title"
    assert marked(db_path) == {first, second}
    settings("")  # the name is no longer listed: the first entry is clean again
    document = json.loads(cli("check", "--json").stdout)
    assert document["cleared"] == 1 and document["newly_marked"] == 0
    assert marked(db_path) == {second}


def test_check_all_shows_every_finding(cli) -> None:
    saved_id(cli, " ".join(f"bed {n}" for n in range(1, 12)))
    assert "more: reflect check --all" in cli("check").stdout
    everything = cli("check", "--all").stdout
    assert "more: reflect check --all" not in everything
    assert "bed 11" in everything


def test_check_with_nothing_to_find(cli) -> None:
    assert "No reflections to check yet." in cli("check").stdout
    saved_id(cli, CLEAN)
    out = cli("check").stdout
    assert "nothing in them looks as if it could identify someone" in out
    assert "[guard] names" in out  # the tip, while no names are listed


def test_check_with_the_guard_switched_off(cli, settings) -> None:
    settings("[guard]\nenabled = false\n")
    saved_id(cli, RISKY)
    result = cli("check")
    assert result.exit_code == 0 and "switched off" in result.stdout
    assert json.loads(cli("check", "--json").stdout)["enabled"] is False


# -- review ---------------------------------------------------------------------------------------


def test_review_counts_marked_entries(cli, settings) -> None:
    saved_id(cli, RISKY)
    saved_id(cli, "Dr Otieno helped")
    saved_id(cli, CLEAN)
    saved_id(cli, RISKY, "--at", "30d")  # outside the week
    assert json.loads(cli("review", "--json").stdout)["marked"] == 2
    assert json.loads(cli("review", "--since", "60d", "--json").stdout)["marked"] == 3
    assert "2 entries may identify someone: reflect check" in cli("review").stdout
    settings("[guard]\nenabled = false\n")
    assert json.loads(cli("review", "--json").stdout)["marked"] == 0
    assert "identify" not in cli("review").stdout


def test_review_without_marked_entries_says_nothing_of_them(cli) -> None:
    saved_id(cli, CLEAN)
    assert json.loads(cli("review", "--json").stdout)["marked"] == 0
    assert "identify" not in cli("review").stdout


# -- export ---------------------------------------------------------------------------------------


def test_export_leaves_marked_entries_out_and_says_so(cli) -> None:
    saved_id(cli, RISKY)
    saved_id(cli, "Dr Otieno helped")
    clean = saved_id(cli, CLEAN)
    result = cli("export")
    assert result.exit_code == 0
    assert [e["id"] for e in json.loads(result.stdout)["entries"]] == [clean]
    assert "2 entries were left out because they may identify someone" in result.stderr
    assert "reflect check" in result.stderr


def test_export_include_marked_keeps_them_as_written(cli) -> None:
    saved_id(cli, RISKY)
    result = cli("export", "--include-marked")
    assert result.stderr == ""
    (entry,) = json.loads(result.stdout)["entries"]
    assert entry["steps"][0]["answer"] == RISKY and entry["title"] == RISKY


def test_export_redact_json(cli) -> None:
    saved_id(cli, RISKY, "-t", "achieng")
    saved_id(cli, CLEAN)
    result = cli("export", "--redact")
    assert result.exit_code == 0 and result.stderr == ""
    first, second = json.loads(result.stdout)["entries"]
    expected = "[name], a [age], rang from [phone]"
    assert first["steps"][0]["answer"] == expected and first["title"] == expected
    assert second["steps"][0]["answer"] == CLEAN


def test_export_redact_markdown_and_csv(cli, settings) -> None:
    settings('[guard]\nnames = ["Ward 7"]\n')
    saved_id(cli, "Busy on Ward 7; emailed a.b@nhs.net")
    markdown = cli("export", "-f", "markdown", "--redact").stdout
    assert "Busy on [name]; emailed [email]" in markdown
    assert "Ward 7" not in markdown and "nhs.net" not in markdown
    assert cli("export", "-f", "markdown").stdout.count("Ward 7") == 0
    rows = list(csv.DictReader(io.StringIO(cli("export", "-f", "csv", "--redact").stdout)))
    assert rows[0]["title"] == "Busy on [name]; emailed [email]"


def test_export_also_leaves_out_entries_unmarked_but_risky_now(cli, settings) -> None:
    saved_id(cli, "Quiet on Ward 7")  # no names listed yet: not marked
    settings('[guard]\nnames = ["Ward 7"]\n')
    result = cli("export")
    assert json.loads(result.stdout)["entries"] == []
    assert "1 entry was left out because it may identify someone" in result.stderr


def test_export_to_a_file_counts_what_was_written(cli, tmp_path: Path) -> None:
    saved_id(cli, RISKY)
    saved_id(cli, CLEAN)
    result = cli("export", "-o", str(tmp_path / "out.json"))
    assert "Exported 1 entry" in result.stderr and "1 entry was left out" in result.stderr


def test_export_with_the_guard_switched_off_includes_everything(cli, settings) -> None:
    saved_id(cli, RISKY)
    settings("[guard]\nenabled = false\n")
    result = cli("export")
    assert len(json.loads(result.stdout)["entries"]) == 1 and result.stderr == ""
    redacted = json.loads(cli("export", "--redact").stdout)["entries"]
    assert redacted[0]["steps"][0]["answer"].startswith("[name]")  # asked for by name


# -- the guard switched off, names from the settings ------------------------------------------


def test_guard_switched_off_saves_without_warning_or_mark(cli, db_path, settings) -> None:
    settings("[guard]\nenabled = false\n")
    result = cli("quick", RISKY)
    assert result.exit_code == 0 and result.stderr == ""
    assert marked(db_path) == set()


def test_names_from_the_settings(cli, db_path, settings) -> None:
    settings('[guard]\nnames = ["Ward 7", "Kenyatta National"]\n')
    result = cli("quick", "Handover on ward 7 at kenyatta national went well")
    assert "name from your list: ward 7" in result.stderr
    assert "name from your list: kenyatta national" in result.stderr
    assert len(marked(db_path)) == 1


def test_bad_settings_are_reported_before_anything_is_saved(cli, db_path, settings) -> None:
    settings("[guard]\nenabled = 'no'\n")
    result = cli("quick", CLEAN)
    assert result.exit_code == 1 and "true or false" in result.stderr


# -- edit and import --------------------------------------------------------------------------


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """$VISUAL set to a script that replaces `old` with `new` in the file it is given."""

    def setup(old: str, new: str) -> None:
        script = tmp_path / "fake-editor.py"
        script.write_text(
            f"#!{sys.executable}\nimport sys\npath = sys.argv[-1]\n"
            "text = open(path, encoding='utf-8').read()\n"
            f"assert {old!r} in text\n"
            f"open(path, 'w', encoding='utf-8').write(text.replace({old!r}, {new!r}))\n"
        )
        script.chmod(0o755)
        monkeypatch.setenv("VISUAL", shlex.quote(str(script)))

    return setup


def test_edit_marks_and_unmarks(cli, db_path, editor) -> None:
    entry_id = saved_id(cli, CLEAN)
    editor("Calm night", "Calm night with Dr Otieno")
    result = cli("edit", entry_id[:8])
    assert result.exit_code == 0, result.output
    assert "name: Dr Otieno" in result.stderr and "still identify someone" in result.stderr
    assert marked(db_path) == {entry_id}
    editor("Dr Otieno", "the registrar")
    result = cli("edit", entry_id[:8])
    assert result.exit_code == 0, result.output
    assert "Nothing in it looks as if it could identify anyone now." in result.stdout
    assert marked(db_path) == set()


def test_import_marks_entries_with_findings(cli, tmp_path: Path, monkeypatch) -> None:
    saved_id(cli, RISKY)
    saved_id(cli, CLEAN)
    backup = tmp_path / "all.json"
    assert cli("export", "--include-marked", "-o", str(backup)).exit_code == 0
    other = tmp_path / "other.db"
    monkeypatch.setenv("REFLECT_DB", str(other))
    result = cli("import", str(backup))
    assert result.exit_code == 0, result.output
    assert "Imported: 2 new" in result.stdout
    assert "1 imported entry may identify someone" in result.stderr
    assert len(marked(other)) == 1
    assert len(json.loads(cli("export").stdout)["entries"]) == 1


# -- the migration ----------------------------------------------------------------------------


def test_entries_written_before_the_guard_are_marked_on_upgrade(cli, db_path) -> None:
    risky = saved_id(cli, RISKY)
    saved_id(cli, CLEAN)
    with sqlite3.connect(db_path) as conn:  # back to a database from before the guard
        conn.execute("ALTER TABLE entries DROP COLUMN marked")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_privacy_marks'")
    assert marked(db_path) == {risky}
    document = json.loads(cli("review", "--json").stdout)
    assert document["marked"] == 1 and document["total"] == 2


# -- every free-text field, when it is written (issue 9, section 7) ---------------------------


def promised_action(cli, tmp_path: Path) -> str:
    answers = tmp_path / "tomorrow.yaml"
    answers.write_text("what_mattered: Calm night\ntomorrow: Call the ward\n")
    assert cli("write", "quick", "--answers", str(answers)).exit_code == 0
    return json.loads(cli("actions", "--json").stdout)[0]["id"]


def test_an_action_note_is_checked_when_it_is_written(cli, db_path, tmp_path: Path) -> None:
    action_id = promised_action(cli, tmp_path)
    result = cli("actions", "done", action_id[:8], "--note", "Told Dr Mwangi, phone 0733 222 333")
    assert result.exit_code == 0, result.output
    assert "Your note is saved" in result.stderr
    assert "name: Dr Mwangi" in result.stderr and "phone number: 0733 222 333" in result.stderr
    assert f'reflect actions done {action_id[:8]} --note "…"' in result.stderr
    assert len(marked(db_path)) == 1
    assert json.loads(cli("export").stdout)["entries"] == []  # no leak before reflect check
    result = cli("actions", "done", action_id[:8], "--note", "Told the registrar")
    assert result.exit_code == 0 and result.stderr == ""
    assert marked(db_path) == set()


def test_a_clean_note_says_nothing(cli, db_path, tmp_path: Path) -> None:
    action_id = promised_action(cli, tmp_path)
    result = cli("actions", "done", action_id[:8], "--note", "Handovers calmer")
    assert result.exit_code == 0 and result.stderr == ""
    assert marked(db_path) == set()


def test_a_tag_is_checked_when_it_is_written(cli, db_path) -> None:
    result = cli("quick", "-t", "0712 345 678", CLEAN)
    assert result.exit_code == 0, result.output
    assert "phone number: 0712 345 678" in result.stderr
    assert len(marked(db_path)) == 1


def test_a_guided_entry_warns_of_its_title_the_questions_did_not_show(
    cli, db_path, monkeypatch
) -> None:
    from test_privacy_flow import SUBMIT, keys

    cli.terminal = True
    with keys("a" + SUBMIT + "b" + SUBMIT + "c" + SUBMIT):
        result = cli("rolfe", "--title", "Mrs Achieng's fall")
    assert result.exit_code == 0, result.output
    assert "name: Mrs Achieng" in result.stderr
    assert len(marked(db_path)) == 1


def test_import_checks_action_texts_too(cli, tmp_path: Path, monkeypatch) -> None:
    promised_action(cli, tmp_path)
    document = json.loads(cli("export").stdout)
    document["entries"][0]["actions"][0]["text"] = "Ring Mrs Achieng's daughter"
    backup = tmp_path / "edited.json"
    backup.write_text(json.dumps(document), encoding="utf-8")
    other = tmp_path / "other.db"
    monkeypatch.setenv("REFLECT_DB", str(other))
    result = cli("import", str(backup))
    assert result.exit_code == 0, result.output
    assert "1 imported entry may identify someone" in result.stderr
    assert len(marked(other)) == 1
    (entry,) = json.loads(cli("check", "--json").stdout)["entries"]
    assert [(f["field"], f["text"]) for f in entry["findings"]] == [("action", "Mrs Achieng")]


def test_import_marks_each_entry_as_it_is_written(store: Store, cli, tmp_path: Path) -> None:
    """The guard is asked once per entry written, inside the import (no second pass), and not
    for an entry left unchanged."""
    from reflect_cli.core.importer import parse_export

    saved_id(cli, RISKY)
    saved_id(cli, CLEAN)
    entries = parse_export(cli("export", "--include-marked").stdout, "test")
    asked: list[str] = []

    def mark(entry) -> bool:
        asked.append(entry.id)
        return entry.title.startswith("Mrs")

    fresh = Store.open(tmp_path / "fresh.db")
    try:
        fresh.import_entries(entries, mark)
        assert len(fresh.marked_ids()) == 1 and len(asked) == 2
        asked.clear()
        fresh.import_entries(entries, mark)
        assert asked == []
    finally:
        fresh.close()


# -- findings keep their brackets (issue 9, section 1) ----------------------------------------


def test_a_finding_in_brackets_is_shown_as_written(cli) -> None:
    result = cli("quick", "[Bed 4] was calm; rang (020 7946 0958) after")
    assert result.exit_code == 0, result.output
    assert "record or bed number: Bed 4\n" in result.stderr
    assert "phone number: 020 7946 0958\n" in result.stderr
    (entry,) = json.loads(cli("check", "--json").stdout)["entries"]
    texts = [(f["text"], f["placeholder"]) for f in entry["findings"]]
    assert ("Bed 4", "Bed [number]") in texts and ("020 7946 0958", "[phone]") in texts
    redacted = json.loads(cli("export", "--redact").stdout)["entries"][0]
    answers = [step["answer"] for step in redacted["steps"]]
    assert "[Bed [number]] was calm; rang ([phone]) after" in answers
