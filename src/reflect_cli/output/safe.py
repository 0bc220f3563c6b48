"""User text on a screen exactly as typed: never read as Rich markup, never sent to the terminal
as a control sequence.

Two rules, both enforced here so that no screen can forget them:

* every console reflect draws on is made by `console()`: markup, emoji codes and highlighting
  are off, so a string is always plain text (`[/]`, `[bold]`, `[link=…]` stay as typed);
* control characters (C0 but newline, DEL, C1) are shown visibly: ESC as `␛`, CR as
  `␍`, NUL as `␀`, CSI (U+009B) as `\\x9b`, before Rich sees the text (Rich would otherwise drop
  CR and BS silently, and pass ESC straight to the terminal). A last pass over every segment
  Rich writes catches any that a screen built without `visible`.

Files written by export keep the text byte for byte: this module is for screens only.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

from reflect_cli.model import CONTROL, visible


def one_line(text: str, limit: int | None = None) -> str:
    """`text` on one line (runs of spaces and line breaks as one space), controls visible, cut
    to `limit` characters if given: for a title, or an argument echoed back."""
    flat = " ".join(visible(text).split())
    return flat if limit is None or len(flat) <= limit else flat[: limit - 1] + "…"


def user(text: str | None, style: str = "", empty: str = "") -> Any:
    """User text as a Rich `Text`: shown as typed, with control characters visible."""
    from rich.text import Text

    return Text(visible(text or empty), style=style)


@cache
def _console_class() -> type[Console]:
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        """A Console for which every string is plain text and no control character in text
        reaches the terminal."""

        def render_str(self, text: str, **kwargs: Any):  # type: ignore[override]
            kwargs["markup"] = False
            kwargs["emoji"] = False
            return super().render_str(visible(text), **kwargs)

        def render(self, renderable, options=None):  # type: ignore[override]
            for segment in super().render(renderable, options):
                if segment.control is None and CONTROL.search(segment.text):
                    yield Segment(visible(segment.text), segment.style)
                else:
                    yield segment

    return SafeConsole


def console(stderr: bool = False) -> Console:
    """The console for stdout (or stderr): no markup, no emoji codes, no highlighting."""
    return _console_class()(stderr=stderr, markup=False, emoji=False, highlight=False)


_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029]")


def json_text(data: Any, indent: int | None = None) -> str:
    """`data` as JSON, readable (not ASCII-escaped) yet safe on a terminal: json escapes the C0
    controls itself; DEL, the C1 controls and the line separators are escaped here too. The
    decoded data is exactly what was written."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=indent)
    if text.isascii() and "\x7f" not in text:  # the common case, without a regex scan
        return text
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class VisibleWriter:
    """A text stream that shows control characters visibly: for output meant for a file that
    goes to a terminal instead (`reflect export` with no `-o`, at a terminal)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(visible(text))

    def flush(self) -> None:
        self.stream.flush()


def for_terminal(stream: Any) -> Any:
    """`stream` itself if it goes to a file or a pipe (byte for byte), else a VisibleWriter."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return VisibleWriter(stream) if tty else stream


def say(text: object = "", err: bool = False) -> None:
    """One plain line on stdout (or stderr), with any control character in it made visible:
    for messages that name a path or quote a file, without Rich."""
    import sys

    (sys.stderr if err else sys.stdout).write(visible(str(text)) + "\n")
