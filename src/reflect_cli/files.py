"""Writing files safely: all or nothing, readable only by the user."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from reflect_cli.errors import DataError


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then swap it in: never half a file."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise DataError(
            f"Cannot write to {directory}: {exc.strerror}.", "Choose another place with --output."
        ) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise DataError(
            f"Cannot write {path}: {exc.strerror}.", "Choose another place with --output."
        ) from None
