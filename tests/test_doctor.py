"""`reflect doctor [--fix]`: every check says what is wrong and what to do; nothing is created."""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from reflect_cli.core import doctor
from reflect_cli.core.doctor import Check

GOOD_FRAMEWORK = """\
name: End of shift
steps:
  - key: what
    question: What happened?
"""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {check.name: check for check in checks}


def lines(result) -> dict[str, str]:
    """Each ✓/✗ line of the report, by check name: 'name' -> the whole line."""
    found = {}
    for line in result.stdout.splitlines():
        if line[:2] in ("✓ ", "✗ "):
            found[line[2:].split(":", 1)[0]] = line
    return found


@pytest.fixture
def journal(cli, db_path: Path) -> Path:
    """A journal with one entry, its WAL written back into the file (as when reflect exits)."""
    result = cli("quick", "Handover went well tonight", "--title", "Night shift", "-t", "nights")
    assert result.exit_code == 0
    settle(db_path)
    return db_path


def settle(db_path: Path) -> None:
    gc.collect()  # close connections the in-process commands left open
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    conn.close()


def test_a_healthy_journal_passes_every_check(
    cli, journal: Path, prompts_dir: Path, tmp_path: Path
) -> None:
    (prompts_dir / "shift.yaml").write_text(GOOD_FRAMEWORK)
    (tmp_path / "config.toml").write_text("[guard]\nenabled = true\n")
    result = cli("doctor")
    assert result.exit_code == 0, result.output
    found = lines(result)
    for name in (
        "Database", "Folder", "File permissions", "Folder permissions", "Integrity", "Schema",
        "WAL mode", "Search index", "Your frameworks", "Settings",
    ):
        assert found[name].startswith("✓"), result.stdout
    assert "All is well." in result.stdout
    assert "1 file in" in found["Your frameworks"]


def test_checks_are_plain_data(journal: Path) -> None:
    checks = doctor.run(journal)
    assert all(isinstance(c, Check) and c.ok for c in checks)
    assert by_name(checks)["Schema"].detail.startswith("up to date")


def test_no_database_yet_is_fine_and_nothing_is_created(cli, db_path: Path) -> None:
    result = cli("doctor")
    assert result.exit_code == 0, result.output
    assert "no database yet; it is created the first time you write" in result.stdout
    assert not db_path.exists() and not db_path.parent.exists()


def test_a_database_path_that_cannot_be_created(cli, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = cli("--db", str(blocker / "reflect.db"), "doctor")
    assert result.exit_code == 1
    assert "--db PATH" in result.stdout


def test_loose_permissions_are_reported_with_chmod_and_fixed(cli, journal: Path) -> None:
    os.chmod(journal, 0o644)
    os.chmod(journal.parent, 0o755)
    result = cli("doctor")
    assert result.exit_code == 1
    found = lines(result)
    assert found["File permissions"].startswith("✗") and "644" in found["File permissions"]
    assert found["Folder permissions"].startswith("✗")
    assert f"chmod 600 {journal}" in result.stdout
    assert f"chmod 700 {journal.parent}" in result.stdout
    assert "reflect doctor --fix can see to 2" in result.stdout

    fixed = cli("doctor", "--fix")
    assert fixed.exit_code == 0, fixed.output
    assert f"Set the permissions of {journal} to 600." in fixed.stdout
    assert mode(journal) == 0o600 and mode(journal.parent) == 0o700
    assert "All is well." in fixed.stdout


def test_a_folder_shared_with_other_files_is_left_alone(cli, tmp_path: Path) -> None:
    shared = tmp_path / "Documents"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    (shared / "cv.pdf").write_text("not reflect's")
    db = shared / "journal.db"
    assert cli("--db", str(db), "quick", "hello").exit_code == 0
    result = cli("--db", str(db), "doctor", "--fix")
    assert result.exit_code == 0, result.output
    assert lines(result)["Folder permissions"].startswith("✓")
    assert mode(shared) == 0o755


def test_search_index_out_of_step_is_found_and_rebuilt(cli, journal: Path) -> None:
    with sqlite3.connect(journal) as conn:  # drop one answer from the index, as a bad copy might
        rowid, answer = conn.execute("SELECT rowid, answer FROM steps").fetchone()
        conn.execute(
            "INSERT INTO steps_fts(steps_fts, rowid, answer) VALUES('delete', ?, ?)",
            [rowid, answer],
        )
    assert json.loads(cli("search", "handover", "--json").stdout) == []
    result = cli("doctor")
    assert result.exit_code == 1
    assert lines(result)["Search index"].startswith("✗")
    assert "reflect doctor --fix" in result.stdout

    fixed = cli("doctor", "--fix")
    assert fixed.exit_code == 0, fixed.output
    assert "Rebuilt the search index" in fixed.stdout
    assert len(json.loads(cli("search", "handover", "--json").stdout)) == 1


def test_wal_off_is_no_problem_reflect_turns_it_on(cli, journal: Path) -> None:
    with sqlite3.connect(journal) as conn:
        assert conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    result = cli("doctor")
    assert result.exit_code == 0, result.output
    assert "turns it on the next time" in lines(result)["WAL mode"]
    assert cli("list").exit_code == 0
    assert "WAL mode: on" in cli("doctor").stdout


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_file_is_reported_not_raised_and_left_untouched(
    cli, journal: Path, damage: str
) -> None:
    if damage == "garbage":
        journal.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    else:
        for i in range(40):
            cli("quick", f"entry {i} " + "words " * 200)
        settle(journal)
        journal.write_bytes(journal.read_bytes()[: journal.stat().st_size // 2])
    before = journal.read_bytes()
    for args in (("doctor",), ("doctor", "--fix")):
        result = cli(*args)
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        assert lines(result)["Integrity"].startswith("✗")
        assert "damaged" in result.stdout and "backup" in result.stdout
    assert journal.read_bytes() == before


def test_a_foreign_file_is_a_failed_check(cli, db_path: Path) -> None:
    db_path.parent.mkdir(mode=0o700)
    db_path.write_text("my shopping list\n")
    os.chmod(db_path, 0o600)
    result = cli("doctor")
    assert result.exit_code == 1
    assert "not an SQLite file" in lines(result)["Contents"]
    assert db_path.read_text() == "my shopping list\n"


def test_another_programs_database_is_a_failed_check(cli, db_path: Path) -> None:
    db_path.parent.mkdir(mode=0o700)
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE patients (name TEXT)")
    os.chmod(db_path, 0o600)
    result = cli("doctor")
    assert result.exit_code == 1
    assert "not a reflect one" in lines(result)["Schema"]


def test_schema_older_will_upgrade_newer_needs_upgrade(
    cli, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert str(journal).startswith(os.environ["REFLECT_DB"])
    from reflect_cli.db import migrations

    with monkeypatch.context() as patch:
        patch.setattr(migrations, "KNOWN_MIGRATIONS", [*migrations.KNOWN_MIGRATIONS, "m999"])
        older = cli("doctor")
    assert older.exit_code == 0
    assert "upgraded the next time reflect opens it" in lines(older)["Schema"]

    with sqlite3.connect(journal) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('reflect', 'm999_from_the_future', '2030-01-01')"
        )
    newer = cli("doctor")
    assert newer.exit_code == 1, newer.output
    assert "newer reflect" in lines(newer)["Schema"]
    assert "Upgrade reflect" in newer.stdout


def test_broken_frameworks_are_named_with_the_validate_command(
    cli, prompts_dir: Path
) -> None:
    (prompts_dir / "good.yaml").write_text(GOOD_FRAMEWORK)
    (prompts_dir / "bad.yaml").write_text("name: Oops\nsteps: [\n")
    result = cli("doctor")
    assert result.exit_code == 1
    assert "1 of 2 files cannot be used: bad.yaml" in lines(result)["Your frameworks"]
    assert f"reflect frameworks validate {prompts_dir / 'bad.yaml'}" in result.stdout


def test_a_settings_file_that_does_not_parse(cli, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("[guard\nenabled = yes\n")
    result = cli("doctor")
    assert result.exit_code == 1
    assert "not valid TOML" in lines(result)["Settings"]


def test_busy_journal_is_reported_not_waited_on_forever(
    cli, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(doctor, "CHECK_TIMEOUT_SECONDS", 0.1)
    writer = sqlite3.connect(journal, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        result = cli("doctor")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 1
    assert "another reflect is writing" in lines(result)["Search index"]


def test_json_report(cli, journal: Path) -> None:
    os.chmod(journal, 0o640)
    result = cli("doctor", "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    failed = [c for c in report["checks"] if not c["ok"]]
    assert [c["name"] for c in failed] == ["File permissions"]
    assert failed[0]["fix"] == "file-mode" and "chmod 600" in failed[0]["advice"]


def test_an_encrypted_journal_is_checked_with_its_passphrase(
    cli, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlcipher3")
    monkeypatch.setenv("REFLECT_PASSPHRASE", "correct horse")
    assert cli("encrypt").exit_code == 0
    result = cli("doctor")
    assert result.exit_code == 0, result.output
    assert lines(result)["Encryption"].startswith("✓")
    assert lines(result)["Search index"].startswith("✓")
    monkeypatch.setenv("REFLECT_PASSPHRASE", "wrong")
    wrong = cli("doctor")
    assert wrong.exit_code == 1 and lines(wrong)["Encryption"].startswith("✗")
    assert "Traceback" not in wrong.output
