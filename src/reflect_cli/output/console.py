"""The two consoles reflect draws on, and the few ways a command prints: a screen (a Rich
renderable), a plain line, JSON, or an export's text.

Every console is made by `safe.console()`, so user text is never markup and no control
character reaches the terminal. The consoles are made on first use (Rich is imported then,
never by `reflect --version`), kept for the run, and can be swapped: `reset()` forgets them (the
tests call it before each run), `swapped(out=...)` draws on another console for a while (the
screenshots record the review that way).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from reflect_cli.output import safe

if TYPE_CHECKING:
    from rich.console import Console

_made: dict[str, Console] = {}


def out() -> Console:
    """The console for stdout."""
    made = _made.get("out")
    if made is None:
        made = _made["out"] = safe.console()
    return made


def err() -> Console:
    """The console for stderr."""
    made = _made.get("err")
    if made is None:
        made = _made["err"] = safe.console(stderr=True)
    return made


def reset() -> None:
    """Forget both consoles: the next print makes new ones (for the terminal as it is now)."""
    _made.clear()


@contextlib.contextmanager
def swapped(out: Console | None = None, err: Console | None = None) -> Iterator[None]:
    """Draw on `out` (and `err`) instead while the block runs."""
    before = dict(_made)
    if out is not None:
        _made["out"] = out
    if err is not None:
        _made["err"] = err
    try:
        yield
    finally:
        _made.clear()
        _made.update(before)


def show(*renderables: Any, style: str | None = None, err: bool = False) -> None:
    """A screen (or a plain string, wrapped to the terminal) on stdout, or stderr."""
    (_err() if err else out()).print(*renderables, style=style)


_err = err


def say(text: object = "", err: bool = False) -> None:
    """One plain line, without Rich (never wrapped: editors and scripts read these)."""
    safe.say(text, err=err)


def print_json(data: Any) -> None:
    """`data` as indented JSON on stdout (readable, and safe on a terminal)."""
    sys.stdout.write(safe.json_text(data, indent=2) + "\n")


def export_stream() -> Any:
    """Where an export with no `-o` goes: stdout, byte for byte to a file or a pipe, with
    control characters made visible on a screen."""
    return safe.for_terminal(sys.stdout)


def confirm(question: str, default: bool = False) -> bool:
    """A yes/no question at the terminal (no by default)."""
    import click

    return click.confirm(question, default=default)
