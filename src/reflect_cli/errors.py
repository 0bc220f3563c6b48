"""The exceptions that `cli.main` turns into a short message and an exit code."""

from __future__ import annotations

import sys

LONGEST_WORD = 100  # an argument echoed back is cut to this many characters…
LONGEST_PATH = 1024  # …but a path is kept whole up to this: it says where to look


def _said(text: str) -> str:
    """A message as it may be shown: control characters visible, overlong words cut."""
    from reflect_cli.output.safe import visible

    words = visible(text).split(" ")
    return " ".join(
        w if len(w) <= LONGEST_WORD or _names_a_file(w) else w[: LONGEST_WORD - 1] + "…"
        for w in words
    )


def _names_a_file(word: str) -> bool:
    """A path (where a text was kept, a file that was not there) is named whole, or it cannot
    be found; a file that is there, whatever its length."""
    import os

    path = word.strip(".,;:()'\"“”")
    return os.sep in path and (len(word) <= LONGEST_PATH or os.path.exists(path))


def _wrapped(line: str, indent: str) -> str:
    """At a terminal, `line` wrapped between words to its width (a terminal would cut words)."""
    import shutil

    width = shutil.get_terminal_size((0, 0)).columns
    if not width or len(line) <= width or not sys.stderr.isatty():
        return line
    import textwrap

    return "\n".join(
        textwrap.wrap(line, width, subsequent_indent=indent, break_on_hyphens=False)
    )


def report(message: str, hint: str | None = None) -> None:
    """One or two plain lines on stderr (nothing, if the terminal has already gone). What the
    user typed may be part of the message: it is shown, never obeyed by the terminal."""
    try:
        sys.stderr.write(_wrapped(f"reflect: {_said(message)}", "  ") + "\n")
        if hint:
            sys.stderr.write(_wrapped(f"  {_said(hint)}", "  ") + "\n")
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
