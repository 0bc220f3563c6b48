"""`reflect backup [PATH]`: a consistent, checked, private copy that never overwrites a file."""

from __future__ import annotations

import json
import re
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reflect_cli.core import backup as backups
from reflect_cli.errors import DataError

DATED = re.compile(r"reflect-\d{8}-\d{6}(-\d+)?\.db")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def entries_in(cli, db: Path) -> list[str]:
    """The answers of the entries in the database at `db`, as `reflect export` gives them."""
    result = cli("--db", str(db), "export", "--format", "json")
    assert result.exit_code == 0, result.output
    return [e["steps"][0]["answer"] for e in json.loads(result.stdout)["entries"]]


def test_default_backup_is_dated_private_and_complete(cli, db_path: Path) -> None:
    assert cli("quick", "Calm night; the SBAR sheet helped").exit_code == 0
    result = cli("backup")
    assert result.exit_code == 0, result.output
    folder = db_path.parent / "backups"
    (copy,) = folder.iterdir()  # no temporary file left beside it
    assert DATED.fullmatch(copy.name)
    assert mode(folder) == 0o700 and mode(copy) == 0o600
    assert str(copy) in result.stdout and "KB" in result.stdout
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one whole file
    assert entries_in(cli, copy) == ["Calm night; the SBAR sheet helped"]


def test_a_folder_gets_a_dated_copy_and_two_copies_never_collide(
    cli, db_path: Path, tmp_path: Path
) -> None:
    cli("quick", "one")
    folder = tmp_path / "usb"
    folder.mkdir()
    assert cli("backup", str(folder)).exit_code == 0
    assert cli("backup", str(folder)).exit_code == 0  # within the same second, often
    copies = sorted(folder.iterdir())
    assert len(copies) == 2 and all(DATED.fullmatch(c.name) for c in copies)


def test_an_existing_file_is_never_overwritten(cli, db_path: Path, tmp_path: Path) -> None:
    cli("quick", "one")
    target = tmp_path / "precious.db"
    target.write_text("my other notes")
    result = cli("backup", str(target))
    assert result.exit_code == 1
    assert "never overwrites" in result.stderr and "Traceback" not in result.output
    assert target.read_text() == "my other notes"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".reflect-backup")] == []
    # and the journal itself cannot be the target either
    assert cli("backup", str(db_path)).exit_code == 1
    assert entries_in(cli, db_path) == ["one"]


def test_a_named_file_in_a_missing_folder_is_refused(cli, tmp_path: Path) -> None:
    cli("quick", "one")
    result = cli("backup", str(tmp_path / "nowhere" / "copy.db"))
    assert result.exit_code == 1
    assert "does not exist" in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_no_journal_yet_means_nothing_to_back_up(cli, db_path: Path) -> None:
    result = cli("backup")
    assert result.exit_code == 1
    assert "nothing to back up" in result.stderr
    assert not db_path.exists() and not db_path.parent.exists()


def test_a_foreign_or_damaged_file_is_refused_untouched(cli, db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    for content in (b"my shopping list\n", b"SQLite format 3\x00" + b"\xa5" * 4000):
        db_path.write_bytes(content)
        result = cli("backup")
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert db_path.read_bytes() == content
        assert not (db_path.parent / "backups").exists() or not any(
            (db_path.parent / "backups").iterdir()
        )


def test_a_copy_that_fails_its_check_leaves_nothing(
    cli, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("quick", "one")
    real = backups._copy_and_check

    def copy_then_fail(store, temp):
        real(store, temp)
        assert temp.stat().st_size > 0
        raise DataError("The copy did not pass SQLite's integrity check, so it was not kept.")

    monkeypatch.setattr(backups, "_copy_and_check", copy_then_fail)
    folder = tmp_path / "out"
    folder.mkdir()
    result = cli("backup", str(folder))
    assert result.exit_code == 1 and "integrity check" in result.stderr
    assert list(folder.iterdir()) == []


def test_backup_while_another_connection_is_writing(cli, db_path: Path, tmp_path: Path) -> None:
    """A write in progress elsewhere neither blocks the backup nor gets half into it."""
    cli("quick", "committed")
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE steps SET answer = 'half-written'")
    try:
        result = cli("backup", str(tmp_path))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 0, result.output
    (copy,) = tmp_path.glob("reflect-*.db")
    assert entries_in(cli, copy) == ["committed"]


WRITER = """
import sys
from reflect_cli.cli import main
for i in range(int(sys.argv[1])):
    assert main(["quick", f"entry {i}"]) == 0
"""


def test_backups_taken_while_another_process_writes_are_all_whole(
    cli, db_path: Path, tmp_path: Path
) -> None:
    cli("quick", "first")
    writer = subprocess.Popen([sys.executable, "-c", WRITER, "30"])
    folder = tmp_path / "many"
    folder.mkdir()
    try:
        while writer.poll() is None:
            assert cli("backup", str(folder)).exit_code == 0
    finally:
        assert writer.wait(timeout=60) == 0
    copies = list(folder.iterdir())
    assert copies
    for copy in copies:
        with sqlite3.connect(copy) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            count = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
            assert 1 <= count <= 31


def test_an_encrypted_journal_gives_an_encrypted_copy(
    cli, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlcipher3")
    monkeypatch.setenv("REFLECT_PASSPHRASE", "correct horse")
    cli("quick", "a private thought")
    assert cli("encrypt").exit_code == 0
    result = cli("backup", str(tmp_path))
    assert result.exit_code == 0, result.output
    (copy,) = tmp_path.glob("reflect-*.db")
    assert not copy.read_bytes().startswith(b"SQLite format 3")
    assert b"a private thought" not in copy.read_bytes()
    assert entries_in(cli, copy) == ["a private thought"]


def test_human_size() -> None:
    assert backups.human_size(900) == "900 bytes"
    assert backups.human_size(1536) == "1.5 KB"
    assert backups.human_size(5 * 1024 * 1024) == "5.0 MB"
