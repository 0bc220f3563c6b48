"""A quick look at the journal for the shell, read-only: whether anything was written on a day
(`reflect nudge`) and which tags there are (completion). It never creates, migrates, waits for
or asks about a journal: one that is missing, encrypted, busy, damaged or not reflect's gives
None, and nothing is said.
"""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path

from reflect_cli.db.connection import SQLITE_HEADER

WAIT_SECONDS = 0.2  # readers are not blocked by a writer in WAL mode; this is only in case
MOST_TAGS = 500


@contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection to the plain journal at `path`, or None."""
    try:
        found = path.stat()
        if not stat.S_ISREG(found.st_mode) or found.st_size == 0:  # (a pipe would block)
            yield None
            return
        with path.open("rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:  # encrypted, or not SQLite
                yield None
                return
        # With no -wal beside it, no reflect has the journal open: read it as a plain file
        # (immutable), so that looking leaves no -wal and -shm behind; else read it with them.
        mode = "ro" if Path(f"{path}-wal").exists() else "ro&immutable=1"
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode={mode}", uri=True,
                               timeout=WAIT_SECONDS)
    except (OSError, ValueError, sqlite3.Error):
        yield None
        return
    with closing(conn):
        yield conn


def wrote_on(path: Path, day: date) -> bool | None:
    """Whether a finished entry is dated `day`; None when the journal cannot be read."""
    with _reading(path) as conn:
        if conn is None:
            return None
        try:
            row = conn.execute(
                "SELECT 1 FROM entries WHERE status = 'done' AND day = ? LIMIT 1",
                [day.isoformat()],
            ).fetchone()
        except sqlite3.Error:
            return None
        return row is not None


def tags(path: Path, start: str = "") -> list[str]:
    """The journal's tags beginning with `start`, in order (none when it cannot be read)."""
    with _reading(path) as conn:
        if conn is None:
            return []
        try:
            rows = conn.execute(
                "SELECT DISTINCT tag FROM tags WHERE tag >= ? AND tag < ? ORDER BY tag LIMIT ?",
                [start, start + "\U0010ffff", MOST_TAGS],
            ).fetchall()
        except sqlite3.Error:
            return []
        return [row[0] for row in rows if isinstance(row[0], str)]
