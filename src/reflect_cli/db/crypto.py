"""Encryption at rest, the optional `encrypt` extra: SQLCipher through the `sqlcipher3` package.

A database file is either plain SQLite or encrypted as a whole with SQLCipher. Which one is told
by the file itself: plain files start with the SQLite header; an encrypted file starts with random
bytes (its salt) but, like every SQLite file, is a whole number of pages of at least 512 bytes.

`connect` is what `Store.open` uses: a `sqlite3` connection for a plain file, a `sqlcipher3` one
(keyed and checked) for an encrypted file. sqlite-utils wraps either. sqlcipher3 raises its own
exception classes, not `sqlite3`'s: `db_errors` (connection.py) gives both, for `except` clauses.

`convert` rewrites a database with another passphrase (or none): into a new file beside it,
checked, then swapped in, while holding the original's lock so no other reflect can write to it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from reflect_cli.db.connection import (
    BUSY_TIMEOUT_SECONDS,
    SQLITE_HEADER,
    busy_timeout,
    db_errors,
    may_be_encrypted,
)
from reflect_cli.errors import CopyMismatch, DataError, UsageError

PASSPHRASE_ENV = "REFLECT_PASSPHRASE"
NEW_PASSPHRASE_ENV = "REFLECT_NEW_PASSPHRASE"
INSTALL_HINT = "Install the extra: pip install 'reflect-cli[encrypt]'"
TEMP_SUFFIX = ".converting"  # the new copy beside the journal, until it is swapped in
TRIES = 3  # passphrases typed at a terminal before a command gives up

_typed: dict[Path, str] = {}  # passphrases typed in this process and found right: ask once


# -- the optional package and its exceptions ----------------------------------------------------


def dbapi() -> ModuleType | None:
    """`sqlcipher3.dbapi2`, or None when the `encrypt` extra is not installed."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        return None
    return dbapi2


def require() -> ModuleType:
    """`sqlcipher3.dbapi2`, or a DataError saying how to install it."""
    module = dbapi()
    if module is None:
        raise DataError("Encryption is not installed in this reflect.", INSTALL_HINT)
    return module


# -- passphrases ---------------------------------------------------------------------------------


def passphrase(path: Path) -> str:
    """The passphrase of the encrypted database at `path`: `REFLECT_PASSPHRASE`, else asked
    (without echo) in a terminal, once per command; with neither, a UsageError (exit 2)."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return _checked(given, PASSPHRASE_ENV)
    known = _typed.get(_key_of(path))
    if known is not None:
        return known
    if not stdin_is_terminal():
        raise UsageError(
            "This database is encrypted, and there is no terminal here to ask for its passphrase.",
            f"Give the passphrase in {PASSPHRASE_ENV}, or run reflect in a terminal.",
        )
    return _checked(ask(f"Passphrase for {path.name}: "), "The passphrase")


def new_passphrase(command: str, env: str) -> str:
    """A new passphrase: from `env`, else typed twice in a terminal; with neither, exit 2."""
    given = os.environ.get(env)
    if given:
        return _checked(given, env)
    if not stdin_is_terminal():
        raise UsageError(
            f"'reflect {command}' needs a new passphrase, and there is no terminal here to ask.",
            f"Give it in {env}, or run 'reflect {command}' in a terminal.",
        )
    first = _checked(ask("New passphrase: "), "The passphrase")
    if ask("The same again, to be sure: ") != first:
        raise DataError(
            "The two passphrases were not the same. Nothing was changed.",
            f"Run 'reflect {command}' again.",
        )
    return first


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


# How a passphrase is asked at the terminal: `ask(prompt)` and `try_again(left)`. The command
# line sets it (cli.py, to output/passphrase.py), so that storage never imports terminal code.
PROMPTS: Any = None


def ask(prompt: str) -> str:
    """Read a passphrase from the terminal without showing it, through PROMPTS."""
    if PROMPTS is None:
        raise UsageError(
            "A passphrase is needed, and there is no way to ask for it here.",
            f"Set {PASSPHRASE_ENV}, or run reflect in a terminal.",
        )
    return PROMPTS.ask(prompt)


def remember(path: Path, phrase: str | None) -> None:
    """Keep (or, with None, forget) the passphrase this process uses for `path`."""
    if phrase is None:
        _typed.pop(_key_of(path), None)
    elif not os.environ.get(PASSPHRASE_ENV):
        _typed[_key_of(path)] = phrase


def _checked(phrase: str, source: str) -> str:
    if not phrase:
        raise UsageError(f"{source} is empty.", "A passphrase needs at least one character.")
    try:
        phrase.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(
            f"{source} is not plain text that reflect can read.", "Choose another passphrase."
        ) from None
    if "\x00" in phrase:
        raise UsageError(f"{source} holds a null character.", "Choose another passphrase.")
    return phrase


def _key_of(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _quoted(phrase: str) -> str:
    """`phrase` as an SQL string literal (PRAGMA takes no parameters): quotes doubled."""
    return "'" + phrase.replace("'", "''") + "'"


# -- connections ---------------------------------------------------------------------------------


def connect(path: Path, *, timeout: float = BUSY_TIMEOUT_SECONDS) -> Any:
    """A connection to the database at `path`: plain `sqlite3` unless the file is encrypted, in
    which case a keyed, checked sqlcipher3 connection (the passphrase asked once if need be)."""
    if not may_be_encrypted(path):
        return sqlite3.connect(str(path), timeout=timeout)
    if dbapi() is None:
        raise DataError(
            f"This database may be encrypted ({path}), and encryption is not installed here."
            " It was left untouched.",
            INSTALL_HINT,
        )
    tries = TRIES if _will_ask(path) else 1  # REFLECT_PASSPHRASE wrong: no use asking again
    for left in range(tries - 1, -1, -1):
        phrase = passphrase(path)
        try:
            conn = open_encrypted(path, phrase, timeout=timeout)
        except DataError:
            if not left:
                raise
            if PROMPTS is not None:
                PROMPTS.try_again(left)
            continue
        remember(path, phrase)
        return conn
    raise AssertionError("unreachable")  # pragma: no cover


def _will_ask(path: Path) -> bool:
    """Whether `passphrase(path)` asks at the terminal (rather than reading the variable, or
    what was typed before in this process)."""
    if os.environ.get(PASSPHRASE_ENV) or _key_of(path) in _typed:
        return False
    return stdin_is_terminal()


def open_encrypted(path: Path, phrase: str, *, timeout: float = BUSY_TIMEOUT_SECONDS) -> Any:
    """A sqlcipher3 connection to `path`, keyed with `phrase` and checked by reading it."""
    cipher = require()
    conn = cipher.connect(str(path), timeout=timeout)
    try:
        _set_key(conn, phrase)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except cipher.OperationalError:  # busy or locked: not the passphrase's fault
        conn.close()
        raise
    except cipher.DatabaseError:
        conn.close()
        raise DataError(
            f"That passphrase does not open {path}: it is the wrong passphrase, or the file is"
            " not a reflect database.",
            f"Check the passphrase (and {PASSPHRASE_ENV}, if it is set), then try again."
            " The file was left untouched.",
        ) from None
    return conn


def _set_key(conn: Any, phrase: str) -> None:
    conn.execute("PRAGMA cipher_log_level = NONE")  # no SQLCipher log lines on the terminal
    conn.execute(f"PRAGMA key = {_quoted(phrase)}")


# -- rewriting a database with another passphrase ------------------------------------------------


def convert(path: Path, *, old: str | None, new: str | None) -> dict[str, int]:
    """Rewrite the database at `path`, read with passphrase `old`, with passphrase `new` (None:
    plain). The copy is written to a private file beside it, checked (integrity, and the rows of
    every table) and only then swapped in; until the swap the original keeps all it holds, and it is
    locked throughout so that no other reflect writes to it meanwhile. (A program that still has
    the old file open afterwards cannot write to it: SQLite refuses writes to a file that has
    been replaced.) Returns the row counts."""
    cipher = require()
    given, path = path, Path(os.path.realpath(path))  # a symlink is kept; its file is rewritten
    source = cipher.connect(str(path), timeout=busy_timeout())
    try:
        if old is not None:
            _set_key(source, old)
        _lock(source)
        _clear_stale(path)
        counts = table_counts(source)
        try:
            temp, held = _temp_beside(path)
        except OSError as exc:
            raise DataError(
                f"Cannot write a new file in {path.parent} ({exc.strerror or exc}).",
                "Nothing was changed. reflect needs to write the new copy beside the journal.",
            ) from None
        try:
            _export(source, temp, new)
            _verify(temp, new, counts)
            _sync(temp)
            os.replace(temp, path)
        except OSError as exc:
            _remove(temp)
            raise DataError(
                f"Could not write the new copy beside {path} ({exc.strerror or exc}).",
                "Your database was not changed. Check there is space on the disk.",
            ) from None
        except BaseException:
            _remove(temp)
            raise
        finally:
            os.close(held)  # every connection to the copy is closed by now
        _sync(path.parent)
    finally:
        source.close()  # only now may another reflect open it: it finds the new file
    remember(given, new)
    return counts


def table_counts(conn: Any) -> dict[str, int]:
    """The number of rows in every table, by name."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    count = "SELECT count(*) FROM {}"
    return {name: conn.execute(count.format(_ident(name))).fetchone()[0] for name in names}


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lock(source: Any) -> None:
    """Leave WAL (SQLite checkpoints and removes the -wal and -shm files), then take the
    database's exclusive lock and keep it until `source` closes."""
    busy = DataError(
        "Another reflect is using this database just now.",
        "Close it (a guided entry, perhaps, in another window), then try again."
        " Nothing was changed.",
    )
    try:  # fails while any other connection has the WAL open: another reflect is using it
        mode = source.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except db_errors("OperationalError"):
        raise busy from None
    if mode != "delete":
        raise busy
    source.execute("PRAGMA locking_mode = EXCLUSIVE")
    version = int(source.execute("PRAGMA user_version").fetchone()[0])
    source.execute(f"PRAGMA user_version = {version}")  # a write: the lock is taken and kept


def _export(source: Any, temp: Path, new: str | None) -> None:
    version = int(source.execute("PRAGMA user_version").fetchone()[0])
    app_id = int(source.execute("PRAGMA application_id").fetchone()[0])
    source.execute("ATTACH DATABASE ? AS reflect_copy KEY ?", [str(temp), new or ""])
    try:
        source.execute("SELECT sqlcipher_export('reflect_copy')").fetchone()
        source.execute(f"PRAGMA reflect_copy.user_version = {version}")
        source.execute(f"PRAGMA reflect_copy.application_id = {app_id}")
    finally:
        source.execute("DETACH DATABASE reflect_copy")


def _verify(temp: Path, new: str | None, counts: dict[str, int]) -> None:
    """Open the copy as it will be opened from now on and compare it with the original."""
    failed = CopyMismatch(
        "The new copy did not match your database, so it was not used. Nothing was changed."
    )
    with temp.open("rb") as handle:
        plain = handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    if plain != (new is None):
        raise failed
    try:
        conn = sqlite3.connect(str(temp)) if new is None else open_encrypted(temp, new)
    except DataError:
        raise failed from None
    try:
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        pages_ok = new is None or not conn.execute("PRAGMA cipher_integrity_check").fetchall()
        if integrity != ["ok"] or not pages_ok or table_counts(conn) != counts:
            raise failed
    except db_errors("DatabaseError"):
        raise failed from None
    finally:
        conn.close()


def _clear_stale(path: Path) -> None:
    """Remove copies left beside the journal by a conversion that was killed before its swap.
    Safe while we hold the lock: any conversion still running would hold it instead."""
    from glob import escape

    for stale in path.parent.glob(f".{escape(path.name)}.*{TEMP_SUFFIX}"):
        _remove(stale)


def _temp_beside(path: Path) -> tuple[Path, int]:
    """A new private file beside the journal, and an open descriptor holding it as in use (see
    leftovers.py), to close once the conversion is over."""
    import tempfile

    from reflect_cli.core import leftovers

    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    leftovers.hold(fd)
    try:
        os.chmod(name, 0o600)
    except OSError:
        os.close(fd)
        _remove(Path(name))
        raise
    return Path(name), fd


def _sync(path: Path) -> None:
    """Make sure a file (or a folder's entries) is on the disk."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove(path: Path) -> None:
    for leftover in _with_journals(path):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _with_journals(path: Path) -> Iterator[Path]:
    yield path
    for suffix in ("-journal", "-wal", "-shm"):
        yield Path(f"{path}{suffix}")
