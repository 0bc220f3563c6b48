"""The exceptions that `cli.main` turns into a short message and an exit code."""

from __future__ import annotations

import sys


def report(message: str, hint: str | None = None) -> None:
    """One or two plain lines on stderr (nothing, if the terminal has already gone)."""
    try:
        sys.stderr.write(f"reflect: {message}\n")
        if hint:
            sys.stderr.write(f"  {hint}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


class ReflectError(Exception):
    """A problem the user can act on. `hint` is an optional second line saying what to do."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class DataError(ReflectError):
    """The data or the environment: unknown id, bad framework file, foreign database (exit 1)."""

    exit_code = 1


class UsageError(ReflectError):
    """The command line: a bad option or date, or no terminal for a guided command (exit 2)."""

    exit_code = 2


class Cancelled(ReflectError):
    """The user pressed Ctrl-C (exit 130). Answers already given are kept as a draft."""

    exit_code = 130

    def __init__(self, message: str = "Stopped.", hint: str | None = None) -> None:
        super().__init__(message, hint)
