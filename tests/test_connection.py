"""Opening a journal (db/connection.py): several reflects setting up a new journal at once."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reflect_cli.db.connection import SQLITE_HEADER, check_schema, database_problem
from reflect_cli.db.migrations import KNOWN_MIGRATIONS
from reflect_cli.db.store import Store
from reflect_cli.errors import ForeignJournal, JournalBusy

# Each writer imports everything first, then waits for the same moment as the others, so that
# they all open the new journal together.
WRITER = """
import sys, time
from reflect_cli.cli import main
name, start, count = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
import reflect_cli.db.store, sqlite_utils
time.sleep(max(0.0, start - time.time()))
failed = [i for i in range(count) if main(["quick", f"{name} says hello {i}"]) != 0]
sys.exit(1 if failed else 0)
"""


def writers_at_once(db_path: Path, processes: int, entries: int) -> list[subprocess.Popen]:
    start = time.time() + 2.0  # time enough for every interpreter to start and import
    env = dict(os.environ, REFLECT_DB=str(db_path))
    return [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, f"writer{n}", str(start), str(entries)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for n in range(processes)
    ]


@pytest.mark.parametrize("round_", range(3))
def test_six_processes_setting_up_a_new_journal_at_once_lose_nothing(
    tmp_path: Path, round_: int
) -> None:
    db_path = tmp_path / f"new-{round_}" / "reflect.db"  # neither the folder nor the file yet
    writers = writers_at_once(db_path, processes=6, entries=20)
    said = [w.communicate(timeout=180)[1].decode() for w in writers]
    assert [w.returncode for w in writers] == [0] * 6, said
    assert said == [""] * 6
    with sqlite3.connect(db_path) as conn:
        count = conn.execute("SELECT count(*) FROM entries WHERE status = 'done'").fetchone()[0]
        texts = {row[0] for row in conn.execute("SELECT answer FROM steps")}
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        applied = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations")]
    assert count == 120 and len(texts) == 120
    assert mode == "wal" and sorted(applied) == sorted(KNOWN_MIGRATIONS)
    assert db_path.stat().st_mode & 0o777 == 0o600


def test_opening_a_new_journal_waits_while_another_holds_its_write_lock(db_path: Path) -> None:
    """The cause of "Could not open the database ...: database is locked": SQLite does not wait
    for another connection's write lock when it switches a new journal to WAL (it fails at
    once). Opening now waits for it, as any write does."""
    db_path.parent.mkdir(mode=0o700)
    db_path.touch(mode=0o600)
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another reflect, part-way through its own set-up
    threading.Timer(0.5, lambda: other.execute("COMMIT")).start()
    started = time.monotonic()
    store = Store.open(db_path)
    try:
        assert time.monotonic() - started >= 0.4
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.counts() == {"entries": 0, "drafts": 0, "open_actions": 0}
    finally:
        store.close()
        other.close()


def test_the_schema_check_refuses_another_programs_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE shopping (item TEXT)")
        with pytest.raises(ForeignJournal) as caught:
            check_schema(conn, path, KNOWN_MIGRATIONS)
    conn.close()
    assert caught.value.hint == "Choose another file with --db PATH or REFLECT_DB."
    assert path.read_bytes().startswith(SQLITE_HEADER)


def test_a_database_error_is_told_plainly_with_the_hint_above_storage() -> None:
    problem = database_problem(sqlite3.OperationalError("database is locked"))
    assert isinstance(problem, JournalBusy)
    assert problem.message == "The database is busy: another reflect is writing to it."
    assert problem.hint == "Try again in a moment. Nothing you wrote was lost."
