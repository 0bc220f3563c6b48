"""The journal: `Store.open(path)` gives one, made of the parts of this package, each with one
job: entries.py (drafts, finishing, edits, deletes, tags, privacy marks, reading), actions.py
(tracked actions), search.py, bulk.py (importing an export), logs.py (the revalidation
logs), evidence.py (standards, projects, declarations), audio.py (voice notes). Opening
(file checks, schema, WAL, migrations) is connection.py's; encryption is crypto.py's. Every
write is one `BEGIN IMMEDIATE` transaction."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from reflect_cli.core import paths
from reflect_cli.db import crypto
from reflect_cli.db.actions import ActionQueries
from reflect_cli.db.audio import AudioQueries
from reflect_cli.db.bulk import BulkImport
from reflect_cli.db.connection import (
    Tables,
    busy_timeout,
    check_file,
    create_private_file,
    db_errors,
    prepare,
)
from reflect_cli.db.entries import EntryReading, EntryWriting
from reflect_cli.db.evidence import EvidenceQueries
from reflect_cli.db.logs import LogQueries
from reflect_cli.db.search import Search
from reflect_cli.errors import UnopenedJournal

__all__ = ["Store", "open_store"]


class Store(EntryWriting, EntryReading, ActionQueries, Search, BulkImport, LogQueries,
            EvidenceQueries, AudioQueries):
    """A reflect database file. Open with `Store.open(path)`."""

    def __init__(self, db: Tables, path: Path) -> None:
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating if needed) a reflect database; refuse foreign or newer files untouched.
        Pending migrations are applied (with sqlite-utils, imported only then)."""
        check_file(path)
        _clear_leftovers(path)
        create_private_file(path)
        conn = None
        try:
            conn = crypto.connect(path, timeout=busy_timeout())  # SQLCipher if encrypted
            prepare(conn, path)
        except db_errors("DatabaseError") as exc:
            if conn is not None:
                conn.close()
            raise UnopenedJournal(f"Could not open the database {path}: {exc}.") from None
        except BaseException:
            if conn is not None:
                conn.close()
            raise
        return cls(Tables(conn), path)

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, taken at once (`BEGIN IMMEDIATE`) so writers queue, not fail."""
        conn = self.db.conn
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def open_store(override: str | os.PathLike[str] | None = None) -> Store:
    """Open the database the command line and environment point at."""
    return Store.open(paths.db_path(override))


def _clear_leftovers(path: Path) -> None:
    """Remove copies of the journal left by a reflect that was killed half-way (leftovers.py)."""
    from reflect_cli.core import leftovers

    with contextlib.suppress(OSError):
        leftovers.clear(path)
