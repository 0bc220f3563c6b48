"""Looking after the database file: SQLite's integrity check, the search index (FTS5's own check
and its rebuild), the journal mode, and a checked copy through SQLite's online backup API.

These say what SQLite found, as plain values; what it means for the person and what to do about
it is said by the domain (core/doctor.py, core/backup.py). Errors from the database are raised
as they are (catch them with `connection.db_errors(...)`).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reflect_cli.db import connection, crypto

FTS_TABLES = ("entries_fts", "steps_fts")  # the search indexes, over titles and over answers


@contextlib.contextmanager
def open_for_check(db_path: Path, timeout: float) -> Iterator[Any]:
    """A connection in autocommit mode, closed afterwards; never creates the file. An encrypted
    journal is opened as reflect opens it (the passphrase from REFLECT_PASSPHRASE, or asked)."""
    if connection.may_be_encrypted(db_path):
        conn = crypto.connect(db_path, timeout=timeout)
        conn.isolation_level = None
    else:
        uri = f"{db_path.resolve().as_uri()}?mode=rw"
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def integrity_problems(conn: Any) -> list[str]:
    """What `PRAGMA integrity_check` reports: `["ok"]` when nothing is wrong."""
    return [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]


def table_names(conn: Any) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def applied_migrations(conn: Any) -> set[str]:
    """The names of reflect's schema changes recorded in the file (none if it has no record)."""
    from reflect_cli.db.migrations import MIGRATION_SET

    if "_sqlite_migrations" not in table_names(conn):
        return set()
    return {
        row[0]
        for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
        )
    }


def journal_mode(conn: Any) -> str:
    return conn.execute("PRAGMA journal_mode").fetchone()[0]


def search_index_problems(conn: Any) -> list[str] | None:
    """FTS5's own check, comparing each index with the rows it indexes: what is wrong with each
    index that does not match (`[]` when all do), or None when another writer holds the journal
    so that the check could not run."""
    broken = []
    for table in FTS_TABLES:
        try:
            conn.execute(f"INSERT INTO {table}({table}, rank) VALUES('integrity-check', 1)")
        except connection.db_errors("OperationalError") as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                return None
            broken.append(f"{table} ({exc})")
        except connection.db_errors("DatabaseError") as exc:
            broken.append(f"{table} ({exc})")
    return broken


def rebuild_search_index(conn: Any) -> None:
    """Rebuild every search index from the rows it indexes, in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    for table in FTS_TABLES:
        conn.execute(f"INSERT INTO {table}({table}) VALUES('rebuild')")
    conn.execute("COMMIT")


def copy_to(store: Any, temp: Path) -> list[str]:
    """Copy the database open in `store` to the new file `temp` with SQLite's backup API (one
    snapshot, safe while another reflect writes) as one self-contained file, and return what
    `PRAGMA integrity_check` says of the copy. An encrypted journal gives an encrypted copy,
    with the same passphrase (SQLCipher copies page by page only between files with one key)."""
    conn = store.db.conn
    if isinstance(conn, sqlite3.Connection):
        copy = sqlite3.connect(str(temp))
    else:
        copy = crypto.open_encrypted(temp, crypto.passphrase(store.path))
    try:
        conn.backup(copy)
        # one self-contained file: no -wal beside it to forget when copying it elsewhere
        copy.execute("PRAGMA journal_mode = DELETE").fetchone()
        return integrity_problems(copy)
    finally:
        copy.close()
