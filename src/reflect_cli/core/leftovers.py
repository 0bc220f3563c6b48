"""Copies of the journal left behind by a reflect that was stopped half-way (killed, or the
machine lost power): the new copy of `encrypt`, `decrypt` or `passphrase`
(`.NAME.XXXX.converting` beside the journal; after `decrypt`, a full plain copy) and the copy of
`backup` (`.reflect-backup-XXXX.tmp`), each perhaps with its `-journal`, `-wal` and `-shm`.

Whoever makes such a copy holds a lock on it (`hold`) for as long as it works on it; the lock
goes when the process ends, however it ends. `clear` (run whenever the journal is opened) removes
only copies that no running reflect holds and that are a few seconds old, so a conversion or a
backup at work in another window is never touched. It looks at reflect's own names only, in the
journal's folder and in `backups/`: a listing of each, nothing more.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from reflect_cli.db.connection import SQLITE_HEADER

COMPANIONS = ("-journal", "-wal", "-shm")
CONVERTING = ".converting"  # crypto.TEMP_SUFFIX
BACKUP_PREFIX, BACKUP_SUFFIX = ".reflect-backup-", ".tmp"  # backup.TEMP_PREFIX / TEMP_SUFFIX
SETTLE_SECONDS = 2.0  # a copy younger than this may be one whose maker has not locked it yet
UNLOCKABLE_AGE_SECONDS = 24 * 3600  # without file locks (Windows), only copies this old go


@dataclass(frozen=True)
class Leftover:
    path: Path  # the copy itself (its -journal, -wal, -shm go with it)
    made_by: str  # "decrypt, encrypt or passphrase" or "backup"
    plain: bool  # readable without a passphrase
    size: int  # bytes, with its companions
    in_use: bool  # a running reflect holds it

    def files(self) -> list[Path]:
        return [self.path] + [Path(f"{self.path}{end}") for end in COMPANIONS]


def hold(fd: int) -> None:
    """Mark the copy open on `fd` as being worked on, until `fd` is closed (or the process ends).
    Close `fd` only once no SQLite connection of this process has the file open."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: the age of a copy has to do
        return
    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def find(db_path: Path) -> list[Leftover]:
    """Leftover copies of the journal at `db_path`, plain (readable) ones first."""
    real = Path(os.path.realpath(db_path))
    folders = {real.parent: [(f".{real.name}.", CONVERTING), (BACKUP_PREFIX, BACKUP_SUFFIX)]}
    for folder in (db_path.parent, db_path.parent / "backups"):
        folders.setdefault(folder, []).append((BACKUP_PREFIX, BACKUP_SUFFIX))
    found: dict[Path, Leftover] = {}
    for folder, patterns in folders.items():
        for name in _names(folder):
            base = _base(name)
            for prefix, suffix in patterns:
                if base.startswith(prefix) and base.endswith(suffix) and base != prefix + suffix:
                    path = folder / base
                    if path not in found:
                        found[path] = _look_at(path, suffix)
    return sorted(found.values(), key=lambda left: (not left.plain, str(left.path)))


def clear(db_path: Path) -> list[Leftover]:
    """Remove the leftover copies no running reflect is working on; return what was removed."""
    removed = []
    for left in find(db_path):
        if left.in_use or _age(left.path) < SETTLE_SECONDS:
            continue
        for path in left.files():
            with contextlib.suppress(OSError):
                path.unlink()
        removed.append(left)
    return removed


def _names(folder: Path) -> list[str]:
    """The names of the regular files in `folder` (never symlinks, pipes or devices)."""
    try:
        with os.scandir(folder) as entries:
            return [
                entry.name
                for entry in entries
                if entry.name.startswith(".") and entry.is_file(follow_symlinks=False)
            ]
    except OSError:
        return []


def _base(name: str) -> str:
    for end in COMPANIONS:
        if name.endswith(end):
            return name[: -len(end)]
    return name


def _look_at(path: Path, suffix: str) -> Leftover:
    size = 0
    for file in [path] + [Path(f"{path}{end}") for end in COMPANIONS]:
        with contextlib.suppress(OSError):
            size += os.lstat(file).st_size
    made_by = "decrypt, encrypt or passphrase" if suffix == CONVERTING else "backup"
    return Leftover(path, made_by, _plain(path), size, _in_use(path))


def _plain(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        return os.read(fd, len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False
    finally:
        os.close(fd)


def _in_use(path: Path) -> bool:
    """Whether a running reflect holds the copy (see `hold`). A copy that cannot be looked at
    counts as in use: it is left alone."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return _age(path) < UNLOCKABLE_AGE_SECONDS
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return False  # only its -journal, -wal or -shm is left
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # no SQLite connection of ours has a leftover open: no lock of theirs lost
    return False


def _age(path: Path) -> float:
    newest = 0.0
    for file in [path] + [Path(f"{path}{end}") for end in COMPANIONS]:
        with contextlib.suppress(OSError):
            newest = max(newest, os.lstat(file).st_mtime)
    return time.time() - newest
