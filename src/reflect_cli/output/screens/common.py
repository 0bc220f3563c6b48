"""What the screens share: short ids, times, titles with their first words, narrow layouts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text

from reflect_cli.output.safe import one_line, user

if TYPE_CHECKING:
    from reflect_cli.db.store import Entry


def short_id(entry_id: str) -> str:
    return entry_id[:8]


NARROW = 72  # below this many columns, lists put each item on two lines instead of a row


def when(iso: str) -> str:
    return iso[:16].replace("T", " ")


def first_words(entry: Entry) -> str:
    """The first line of the entry's first written answer (scales and choices left out)."""
    for item in entry.steps:
        answer = (item.answer or "").strip()
        if answer and item.step.kind in ("text", "line", "actions"):
            return answer.splitlines()[0].strip()
    return ""


def title_line(title: str, words: str) -> Text:
    """The title in bold, then the first words (dim) when they say more than the title."""
    title, words = one_line(title), one_line(words)
    line = user(title, "bold", "(untitled)")
    if words and not title.startswith(words):
        line.append("  " + words, style="dim")
    return line


def stacked(head: Text, body: Text) -> Group:
    """An item on two lines: its facts, then its text indented (wrapped, never cut away)."""
    from rich.padding import Padding

    body.no_wrap = False
    return Group(head, Padding(body, (0, 0, 0, 2)))
