"""The exceptions that `cli.main` turns into a short message and an exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable

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


class Failed(ReflectError):
    """The command has already said what is wrong (doctor's report, validate's problems): exit
    1 with nothing more to print."""

    def __init__(self) -> None:
        super().__init__("")


# -- what the storage package found: it says what happened, the hint (a command) is said here --


class JournalError(DataError):
    """Raised by the storage package (db/), as one of the kinds below. Each kind's hint is in
    JOURNAL_HINTS, so that storage never names a command; a hint given when raising replaces it."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message, hint or JOURNAL_HINTS.get(type(self)))


class ForeignJournal(JournalError):
    """Another program's file (SQLite or not): left untouched."""


class NewerJournal(JournalError):
    """A journal a newer reflect has changed in ways this one does not know."""


class UnopenedJournal(JournalError):
    """The file could not be opened as a journal at all."""


class JournalBusy(JournalError):
    """Another reflect is writing to the journal."""


class JournalReadOnly(JournalError):
    """The journal cannot be written just now."""


class DiskFull(JournalError):
    """The disk is full."""


class DiskFailed(JournalError):
    """The disk could not be read or written."""


class DamagedJournal(JournalError):
    """The database file is damaged: left as it is."""


class UnusableJournal(JournalError):
    """Any other problem the database reported."""


class CopyMismatch(JournalError):
    """A rewritten copy (encrypt, decrypt, passphrase) did not match the journal: not used."""


JOURNAL_HINTS: dict[type[JournalError], str] = {
    ForeignJournal: "Choose another file with --db PATH or REFLECT_DB.",
    NewerJournal: "Upgrade reflect (pip install --upgrade reflect-cli) to open it.",
    UnopenedJournal: "It was left untouched. See what to do with: reflect doctor",
    JournalBusy: "Try again in a moment. Nothing you wrote was lost.",
    JournalReadOnly: "Check its permissions and the disk, with: reflect doctor",
    DiskFull: "Free some space, then try again.",
    DiskFailed: "Check the disk, then run: reflect doctor",
    DamagedJournal: "See what to do with: reflect doctor",
    UnusableJournal: "Run the command again; if it keeps failing: reflect doctor",
    CopyMismatch: "Try again; if it keeps failing, keep a copy first with: reflect export -o FILE",
}


LISTINGS = {"entry": "reflect list", "draft": "reflect drafts", "action": "reflect actions --all",
            "CPD activity": "reflect cpd", "piece of feedback": "reflect feedback",
            "practice record": "reflect practice", "discussion": "reflect discussion"}


class IdTooShort(JournalError):
    def __init__(self, message: str, noun: str, shortest: int) -> None:
        super().__init__(message, f"Give at least {shortest} characters of its id"
                                  f" (see: {LISTINGS[noun]}).")


class NoSuchId(JournalError):
    def __init__(self, message: str, noun: str) -> None:
        super().__init__(message, f"See them with: {LISTINGS[noun]}")


BUG_HINT = "Your saved answers are safe. Set REFLECT_DEBUG=1 to see the details."

# The storage package registers its database errors here when it is first imported, so this
# module, at the bottom of every layer, never imports it: (classes, (message, hint) for one).
_DATABASE_ERRORS: list[
    tuple[Callable[[], tuple[type[BaseException], ...]], Callable[[BaseException], tuple[str, str]]]
] = []


def on_database_error(
    classes: Callable[[], tuple[type[BaseException], ...]],
    describe: Callable[[BaseException], tuple[str, str]],
) -> None:
    """Say how a database error (busy, read-only, disk full, damaged) is told to the user."""
    _DATABASE_ERRORS.append((classes, describe))


def describe(exc: BaseException) -> tuple[str, str | None, int]:
    """The one map from what went wrong to what is said (message, hint) and the exit code of
    DESIGN.md: 2 for the command line, 1 for data and settings, 130 for Ctrl-C."""
    import typer
    from typer._click import exceptions as click_errors

    if isinstance(exc, ReflectError):
        return exc.message, exc.hint, exc.exit_code
    if isinstance(exc, click_errors.UsageError):
        path = exc.ctx.command_path if exc.ctx else "reflect"
        return exc.format_message(), f"See: {path} --help", 2
    if isinstance(exc, click_errors.ClickException):
        return exc.format_message(), None, exc.exit_code
    if isinstance(exc, (typer.Abort, KeyboardInterrupt)):
        return "Stopped.", None, 130
    for classes, said in _DATABASE_ERRORS:
        if isinstance(exc, classes()):
            message, hint = said(exc)
            return message, hint, 1
    if isinstance(exc, OSError):
        where = f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
        return where, "Check the path and that there is space on the disk.", 1
    return f"Something went wrong inside reflect ({type(exc).__name__}: {exc}).", BUG_HINT, 1


def is_bug(exc: BaseException) -> bool:
    """Whether `exc` is reflect's own fault (shown in full with REFLECT_DEBUG=1)."""
    return describe(exc)[1] == BUG_HINT
