"""Writing files safely: all or nothing, readable only by the user."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from reflect_cli.errors import DataError


def write_atomically(path: Path, text: str | Callable[[TextIO], object]) -> None:
    """Write `text` (or whatever the function writes to the file it is given) to a temporary
    file beside `path`, then swap it in: never half a file."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise DataError(
            f"Cannot write to {directory}: {exc.strerror}.", "Choose another place with --output."
        ) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
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
