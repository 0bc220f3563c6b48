"""Opening a journal file: what kind of file it is, whether it is reflect's, and setting it up.

A journal is plain SQLite (it starts with `SQLITE_HEADER`) or encrypted as a whole by SQLCipher
(`crypto.py` keys it). Before anything opens it, `check_file` refuses, untouched, a directory, a
device or a file that is neither; `create_private_file` makes a new one `0600`. Once connected,
`check_schema` refuses another program's database or a newer reflect's, and `prepare` switches
on WAL and applies pending migrations, one process at a time (see `_setting_up`).

`Tables` is the connection as the rest of the package uses it. `database_problem` turns an
SQLite error into what the person is told. Messages here say what happened; what to do next
(which command to run) is said by the exception classes of `errors.py`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reflect_cli import errors
from reflect_cli.errors import (
    DamagedJournal,
    DataError,
    DiskFailed,
    DiskFull,
    ForeignJournal,
    IdTooShort,
    JournalBusy,
    JournalError,
    JournalReadOnly,
    NewerJournal,
    NoSuchId,
    UnusableJournal,
)

SQLITE_HEADER = b"SQLite format 3\x00"  # the first bytes of every plain SQLite file
PAGE_UNIT = 512  # every SQLite and SQLCipher file is a whole number of pages of 512 bytes or more
BUSY_TIMEOUT_SECONDS = 10.0
BUSY_TIMEOUT_ENV = "REFLECT_BUSY_TIMEOUT"  # seconds to wait for another writer (tests shorten it)
MIN_ID_PREFIX = 6  # characters of an id that name an entry or an action
RETRY_SECONDS = 0.05  # between tries to switch on WAL while another connection holds a lock


def busy_timeout() -> float:
    """How long a write waits for another reflect to finish: REFLECT_BUSY_TIMEOUT, else 10 s."""
    try:
        return max(0.0, float(os.environ.get(BUSY_TIMEOUT_ENV, BUSY_TIMEOUT_SECONDS)))
    except ValueError:
        return BUSY_TIMEOUT_SECONDS


# -- database errors ------------------------------------------------------------------------------


def db_errors(name: str = "Error") -> tuple[type[Exception], ...]:
    """The database exception class `name` (`Error`, `DatabaseError`, `OperationalError`...) of
    `sqlite3`, and of sqlcipher3 too once it is in use: its classes are separate from `sqlite3`'s.
    Meant for `except db_errors("OperationalError") as exc:`."""
    found: list[type[Exception]] = [getattr(sqlite3, name)]
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    if cipher is not None:
        found.append(getattr(cipher, name))
    return tuple(found)


def database_problem(exc: BaseException) -> DataError:
    """What went wrong with the database, in plain words, as the error to raise (its class
    carries the hint): busy, read-only, disk full, disk failing, damaged, or something else."""
    text = str(exc)
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return JournalBusy("The database is busy: another reflect is writing to it.")
    if "readonly" in lowered or "read-only" in lowered:
        return JournalReadOnly("The database cannot be written just now: it is read-only.")
    if "full" in lowered:
        return DiskFull("The disk is full, so the database cannot be written.")
    if "disk i/o" in lowered:
        return DiskFailed("The disk could not be read or written (disk I/O error).")
    if "malformed" in lowered or "not a database" in lowered:
        return DamagedJournal(f"The database file is damaged ({text}). It was left as it is.")
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        return DataError(
            f"{exc.strerror or exc}{where}.", "Check the path and that there is space on the disk."
        )
    return UnusableJournal(f"The database could not be used: {text}.")


def _said(exc: BaseException) -> tuple[str, str]:
    problem = database_problem(exc)
    return problem.message, problem.hint or ""


errors.on_database_error(db_errors, _said)


# -- the file -------------------------------------------------------------------------------------


def may_be_encrypted(path: Path) -> bool:
    """Whether `path` could be an SQLCipher database: not empty, not plain SQLite, and a whole
    number of pages. (A text file or other foreign file is almost never a multiple of 512.)"""
    import stat

    try:
        found = path.stat()
        size = found.st_size
        if not stat.S_ISREG(found.st_mode) or size == 0 or size % PAGE_UNIT:
            return False
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER
    except OSError:
        return False


def check_file(path: Path) -> None:
    """Refuse, without touching it, a path that is a directory, anything else that is not a
    regular file (a device, a pipe: never opened, so never waited on), or a file that is not
    SQLite."""
    from reflect_cli.core.files import regular_or_absent

    if path.is_dir():
        raise DataError(
            f"{path} is a directory, not a database file.", "Give a file path with --db."
        )
    if not regular_or_absent(path):
        raise DataError(
            f"{path} is not a regular file (a device or a pipe, perhaps), so it cannot be a"
            " journal. It was left untouched.",
            "Give the path of a database file with --db PATH or REFLECT_DB.",
        )
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DataError(f"Cannot read {path}: {exc.strerror}.", "Check its permissions.") from None
    if header != SQLITE_HEADER and not may_be_encrypted(path):
        raise ForeignJournal(
            f"{path} is not a reflect database (it is not an SQLite file). It was left untouched."
        )


def create_private_file(path: Path) -> None:
    """Create the database file `0600` in a `0700` directory, unless it exists already."""
    from reflect_cli.core import paths

    if path.exists():
        return
    try:
        paths.ensure_private_dir(path.parent)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except FileExistsError:
        return
    except OSError as exc:
        raise DataError(
            f"Cannot create the database at {path}: {exc.strerror}.",
            "Choose a folder you can write to with --db PATH or REFLECT_DB.",
        ) from None


# -- the schema -----------------------------------------------------------------------------------


def check_schema(conn: Any, path: Path, known: Iterable[str]) -> set[str]:
    """The migrations applied to the database (none for a new, empty one); refuse, with
    ForeignJournal or NewerJournal, one that belongs to another program or to a newer reflect."""
    from reflect_cli.db.migrations import MIGRATION_SET

    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not tables:
        return set()
    foreign = f"{path} is an SQLite database, but not a reflect one. It was left untouched."
    if "_sqlite_migrations" not in tables:
        raise ForeignJournal(foreign)
    applied = {
        row[0]
        for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
        )
    }
    if not applied and tables - {"_sqlite_migrations"}:
        raise ForeignJournal(foreign)
    if applied - set(known):
        raise NewerJournal(
            f"{path} was written by a newer version of reflect. It was left untouched."
        )
    return applied


def prepare(conn: Any, path: Path) -> None:
    """Check the schema, switch on WAL and foreign keys, and apply pending migrations (with
    sqlite-utils, imported only then). A journal already set up is only checked; setting one up
    is done under `_setting_up`, so two reflects opening a new journal at once take turns."""
    from reflect_cli.db.migrations import KNOWN_MIGRATIONS

    applied = check_schema(conn, path, KNOWN_MIGRATIONS)
    conn.execute("PRAGMA foreign_keys = ON")
    if set(KNOWN_MIGRATIONS) - applied or _journal_mode(conn) != "wal":
        with _setting_up(path):
            applied = check_schema(conn, path, KNOWN_MIGRATIONS)  # another may have done it
            if _journal_mode(conn) != "wal":
                _switch_to_wal(conn)
            if set(KNOWN_MIGRATIONS) - applied:
                _migrate(conn)


def _journal_mode(conn: Any) -> str:
    return str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()


def _switch_to_wal(conn: Any) -> None:
    """`PRAGMA journal_mode = WAL`, tried again while another connection holds a write lock:
    SQLite does not wait for it here (it reads the file, then asks for the write lock, and
    fails at once rather than risk a deadlock), so without this two reflects setting up a new
    journal at the same moment fail with "database is locked"."""
    deadline = time.monotonic() + busy_timeout()
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except db_errors("OperationalError") as exc:
            if "locked" not in str(exc).lower() or time.monotonic() >= deadline:
                raise
        time.sleep(RETRY_SECONDS)


def _migrate(conn: Any) -> None:
    from sqlite_utils import Database

    from reflect_cli.db.migrations import migration_set

    conn.execute("BEGIN IMMEDIATE")
    try:
        migration_set().apply(Database(conn, execute_plugins=False))
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextlib.contextmanager
def _setting_up(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the journal's folder while the journal is set up, so that
    reflects opening a new journal at once set it up one after another (each checks again
    inside). The folder, not the file: closing another descriptor of the database file would
    drop SQLite's own locks on it. Where there is no `fcntl` (Windows) or the folder cannot be
    opened, nothing is held and `_switch_to_wal` waits alone."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        fd = os.open(path.parent if str(path.parent) else ".", os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # the lock goes with it


# -- the connection as the store uses it ---------------------------------------------------------


class Tables:
    """The connection, with the few table writes the store needs (insert, insert many, update)
    in plain SQL, so that everyday commands never import sqlite-utils. A statement run outside
    a transaction is committed at once, as sqlite-utils' `execute` does."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Any = ()) -> Any:
        """Run one statement; `params` is a sequence, or a mapping for `:named` parameters."""
        was_in_transaction = self.conn.in_transaction
        cursor = self.conn.execute(sql, params)
        if not was_in_transaction and self.conn.in_transaction:
            self.conn.commit()
        return cursor

    def one(self, sql: str, params: Any, missing: str) -> Any:
        """The first row `sql` finds; finding none is a JournalError saying `missing`."""
        row = self.execute(sql, params).fetchone()
        if row is None:
            raise JournalError(missing)
        return row

    def insert(self, table: str, row: dict[str, Any]) -> None:
        self.insert_all(table, [row])

    def insert_all(self, table: str, rows: Iterable[dict[str, Any]], ignore: bool = False) -> None:
        rows = list(rows)
        if not rows:
            return
        columns = list(rows[0])
        verb = "INSERT OR IGNORE" if ignore else "INSERT"
        self.conn.executemany(
            f"{verb} INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [[row[c] for c in columns] for row in rows],
        )

    def update(self, table: str, key: str, values: dict[str, Any]) -> None:
        """Update the row whose `id` is `key`."""
        assignments = ", ".join(f"{column} = ?" for column in values)
        self.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*values.values(), key])

    def id_starting(self, table: str, prefix: str, noun: str, status: str | None = None) -> str:
        """The one id in `table` starting with `prefix` (at least MIN_ID_PREFIX characters);
        `noun` ("entry", "draft", "action") says what the id names, in the errors."""
        prefix = prefix.strip().lower()
        article = "an" if noun[0] in "aeiou" else "a"
        if len(prefix) < MIN_ID_PREFIX:
            raise IdTooShort(f"'{prefix}' is too short to name {article} {noun}.", noun,
                             MIN_ID_PREFIX)
        # ids are lower-case: every id starting with the prefix sorts between it and the prefix
        # followed by the highest character, so the primary key's index finds them at once
        sql = f"SELECT id FROM {table} WHERE id >= ? AND id < ?"
        params = [prefix, prefix + "\U0010ffff"]
        if status is not None:  # (+: look ids up by the primary key, not by status)
            sql += " AND +status = ?"
            params.append(status)
        rows = self.execute(sql + " LIMIT 2", params).fetchall()
        if not rows:
            raise NoSuchId(f"No {noun} has an id starting '{prefix}'.", noun)
        if len(rows) > 1:
            raise JournalError(
                f"More than one {noun} has an id starting '{prefix}'.",
                "Give a few more characters of the id.",
            )
        return rows[0][0]

    def close(self) -> None:
        self.conn.close()


class Where:
    """A WHERE clause built one condition at a time, each with the values of its `?`s:
    `clause()` gives the conditions joined by AND ("1" for none) and the values in order."""

    def __init__(self) -> None:
        self.conditions: list[str] = []
        self.params: list[Any] = []

    def add(self, condition: str, *params: Any) -> None:
        self.conditions.append(condition)
        self.params.extend(params)

    def clause(self) -> tuple[str, list[Any]]:
        return " AND ".join(self.conditions) or "1", self.params
