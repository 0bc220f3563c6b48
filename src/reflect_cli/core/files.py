"""Writing files safely: all or nothing, readable only by the user."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from reflect_cli.errors import DataError


def regular_or_absent(path: Path) -> bool:
    """Whether `path` is a regular file (through symlinks) or nothing at all. Only those are
    written over, renamed over, chmod-ed or given files beside them: never a device, a pipe,
    a socket or a folder. Never opens the path, so a pipe cannot make it wait."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except (OSError, ValueError):
        return False


def same_file(one: Path, other: Path) -> bool:
    """Whether two paths are the same file (the same device and inode: through symlinks and
    hard links alike). A path that does not exist is the same as nothing."""
    try:
        first, second = os.stat(one), os.stat(other)
    except (OSError, ValueError):
        return False
    return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)


def write_atomically(path: Path, text: str | bytes | Callable[[TextIO], object]) -> None:
    """Write `text` (or whatever the function writes to the file it is given; bytes as they
    are) to a temporary file beside `path`, then swap it in: never half a file."""
    directory = path.parent if str(path.parent) else Path(".")
    if not regular_or_absent(path):
        raise DataError(
            f"{path} is not a regular file (a device, a pipe or a folder), so it was left alone.",
            "Give the name of a file to write, e.g. --output reflections.json",
        )
    try:
        import tempfile  # here, not at the top: every command checks files, few write them

        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise DataError(
            f"Cannot write to {directory}: {exc.strerror}.", "Choose another place with --output."
        ) from None
    try:
        binary = isinstance(text, bytes)
        with (os.fdopen(fd, "wb") if binary else
              os.fdopen(fd, "w", encoding="utf-8", newline="")) as handle:
            if callable(text):
                text(handle)
            else:
                handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise DataError(
            f"Cannot write {path}: {exc.strerror}.", "Choose another place with --output."
        ) from None
