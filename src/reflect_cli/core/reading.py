"""Reading the files a person names on the command line (`--answers FILE`, `reflect import FILE`):
regular files only, and never more than a stated limit held in memory.

A device (/dev/zero), a pipe (a FIFO) or a folder is refused at once with a plain message: it is
opened without blocking (a FIFO with no writer would otherwise wait for ever) and looked at
before a byte is read.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import BinaryIO

from reflect_cli.errors import DataError, UsageError

MB = 1024 * 1024


def describe_limit(limit: int) -> str:
    """'10 MB', for messages."""
    return f"{limit // MB} MB" if limit >= MB else f"{limit} bytes"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _said(option: str, message: str) -> str:
    """'--answers: cannot read …', or 'Cannot read …' without an option."""
    return f"{option}: {message}" if option else message[0].upper() + message[1:]


def open_regular(name: str, option: str, hint: str) -> BinaryIO:
    """`name` opened for reading in binary, if it is a regular file; else a UsageError (exit 2)
    that starts with `option` (if given) and says what it is instead."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(name, flags)
    except OSError as exc:
        raise UsageError(_said(option, f"cannot read {name} ({exc.strerror})."), hint) from None
    except ValueError:  # a NUL in the name
        raise UsageError(_said(option, f"{name!r} is not a file name."), hint) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise UsageError(
                _said(option, f"{name} is {_kind(mode)}, not a file; reflect reads only files."),
                hint,
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_limited(handle: BinaryIO, limit: int, what: str, option: str) -> bytes:
    """All of `handle` if it holds at most `limit` bytes; else a DataError naming the limit.
    Never reads more than `limit + 1` bytes, so an endless stream cannot fill memory."""
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise DataError(
            _said(option, f"{what} is over {describe_limit(limit)}, the most reflect reads."),
            "Check that it is the file you meant.",
        )
    return data


def read_file_or_stdin(name: str, limit: int, option: str, hint: str) -> bytes:
    """The bytes of file `name` (or of stdin for '-'), at most `limit`."""
    if name == "-":
        return read_limited(sys.stdin.buffer, limit, "the input on stdin", option)
    with open_regular(name, option, hint) as handle:
        return read_limited(handle, limit, f"the file {name}", option)
