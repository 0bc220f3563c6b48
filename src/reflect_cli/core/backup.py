"""A consistent copy of the database, made with SQLite's online backup API (db/maintenance.py).

The copy is written to a private temporary file in the target folder, checked with
`PRAGMA integrity_check`, then moved into place under a name that did not exist before: an
existing file is never overwritten, and a failed copy leaves nothing behind. The backup API reads
one snapshot, so it is safe while another reflect is writing (WAL lets it read alongside).
An encrypted journal gives an encrypted copy, with the same passphrase.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reflect_cli.core.files import regular_or_absent, same_file
from reflect_cli.core.paths import ensure_private_dir
from reflect_cli.db import connection, maintenance
from reflect_cli.db.connection import SQLITE_HEADER
from reflect_cli.errors import DataError

BACKUP_DIR = "backups"
DATED_NAME = re.compile(r"reflect-\d{8}-\d{6}(-\d+)?\.db")  # what `dated_name` gives
TEMP_PREFIX = ".reflect-backup-"  # the copy being made, until it is checked and named
TEMP_SUFFIX = ".tmp"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int


def default_dir(db_path: Path) -> Path:
    """Where backups go when no PATH is given: `backups/` beside the database."""
    return db_path.parent / BACKUP_DIR


def dated_name(moment: datetime) -> str:
    return f"reflect-{moment:%Y%m%d-%H%M%S}.db"


def journal_files(db_path: Path) -> list[Path]:
    """The journal and the files SQLite keeps beside it (which hold the same text)."""
    return [db_path] + [Path(f"{db_path}{end}") for end in ("-wal", "-shm", "-journal")]


def precious(target: Path, db_path: Path) -> str | None:
    """What `target` is, if it is something no export or backup may be written over: the
    journal or one of its files (by name, or through a symlink or a hard link), a backup (in
    `backups/`, or named as reflect names them) or any other SQLite database. None if it is
    none of these."""
    resolved = os.path.realpath(target)
    for number, path in enumerate(journal_files(db_path)):
        if same_file(target, path) or resolved == os.path.realpath(path):
            return "one of your journal's own files" if number else "your journal"
    if not target.is_file():
        return None
    folder = default_dir(db_path)
    if same_file(target.parent, folder) or DATED_NAME.fullmatch(target.name):
        return "a backup of your journal"
    try:
        with target.open("rb") as handle:
            if handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
                return "a database (a journal, or a backup of one)"
    except OSError:
        return None
    return None


def human_size(size: int) -> str:
    """1536 -> '1.5 KB': sizes as people read them."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"  # pragma: no cover


def target_for(db_path: Path, given: Path | None, moment: datetime) -> tuple[Path, bool]:
    """The file to write and whether its name is ours (dated) rather than the user's.

    No PATH: a dated file in `backups/` beside the database (created `0700`). A folder: a dated
    file inside it. Anything else: exactly that file, which must not exist yet."""
    if given is None:
        folder = default_dir(db_path)
        try:
            ensure_private_dir(folder)
        except OSError as exc:
            raise DataError(
                f"Cannot create the backup folder {folder}: {exc.strerror}.",
                "Give a folder you can write to: reflect backup PATH",
            ) from None
        return folder / dated_name(moment), True
    given = given.expanduser()
    if given.is_dir():
        return given / dated_name(moment), True
    if not regular_or_absent(given):
        raise DataError(
            f"{given} is not a regular file (a device or a pipe, perhaps), so it was left alone.",
            "Give a new file name, or a folder to put a dated backup in.",
        )
    what = precious(given, db_path)
    if what:
        raise DataError(
            f"{given} is {what}, and a backup never replaces it.",
            "Give a new file name, or a folder to put a dated backup in.",
        )
    if not given.parent.is_dir():
        raise DataError(
            f"The folder {given.parent} does not exist.",
            "Create it first, or give a folder that exists: reflect backup PATH",
        )
    return given, False


def make_backup(store: Any, target: Path, *, dated: bool = False) -> BackupResult:
    """Copy the journal open in `store` to `target` (never overwriting: a dated name gets a
    number added instead; a name the user chose is refused). An encrypted journal gives a copy
    encrypted with the same passphrase."""
    if target.exists() and not dated:
        raise DataError(
            f"{target} already exists, and a backup never overwrites a file.",
            "Give a new file name, or a folder to put a dated backup in.",
        )
    try:
        fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise DataError(
            f"Cannot write in {target.parent}: {exc.strerror}.",
            "Give a folder you can write to: reflect backup PATH",
        ) from None
    from reflect_cli.core import leftovers

    leftovers.hold(fd)  # until it is named: a killed backup's copy is cleared next time
    temp = Path(temp_name)
    try:
        _copy_and_check(store, temp)
        os.chmod(temp, 0o600)
        final = _place(temp, target, dated)
    except BaseException:
        _remove(temp)
        raise
    finally:
        os.close(fd)  # the copy's own connection is closed by now
    return BackupResult(final, final.stat().st_size)


def _copy_and_check(store: Any, temp: Path) -> None:
    try:
        result = maintenance.copy_to(store, temp)
    except connection.db_errors("OperationalError") as exc:
        if "full" in str(exc):
            raise DataError(
                f"There is not enough space in {temp.parent} for the backup.",
                "Free some space, or give another place: reflect backup PATH",
            ) from None
        raise
    except connection.db_errors("DatabaseError") as exc:
        raise DataError(
            f"The database could not be copied: {exc}.",
            "Nothing was written. Check the journal with: reflect doctor",
        ) from None
    if result != ["ok"]:
        raise DataError(
            "The copy did not pass SQLite's integrity check, so it was not kept.",
            "Check the journal itself with: reflect doctor",
        )
    with contextlib.suppress(OSError):  # make sure the copy is on the disk before naming it
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _place(temp: Path, target: Path, dated: bool) -> Path:
    """Give the checked copy its name without ever replacing a file that exists."""
    for candidate in _names(target, dated):
        try:
            os.link(temp, candidate)  # fails if `candidate` exists: no overwrite, no race
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links: check, then rename
            if candidate.exists():
                continue
            os.replace(temp, candidate)
            return candidate
        _remove(temp)
        return candidate
    raise DataError(
        f"{target} already exists, and a backup never overwrites a file.",
        "Give a new file name, or a folder to put a dated backup in.",
    )


def _names(target: Path, dated: bool) -> Iterator[Path]:
    """The name asked for; for a dated name, then `-2`, `-3`... (two backups in one second)."""
    yield target
    if dated:
        for counter in range(2, 100):
            yield target.with_name(f"{target.stem}-{counter}{target.suffix}")


def _remove(path: Path) -> None:
    for leftover in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(OSError):
            leftover.unlink()
