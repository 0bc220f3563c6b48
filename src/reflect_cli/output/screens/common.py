"""What the screens share: times, titles with their first words, narrow layouts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text

from reflect_cli import model
from reflect_cli.output.safe import one_line, user

if TYPE_CHECKING:
    from reflect_cli.model import Entry


NARROW = 72  # below this many columns, lists put each item on two lines instead of a row


def how_many(count: int, noun: str, plural: str | None = None) -> str:
    """'1 reflection', '3 reflections', '0 drafts'."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def when(iso: str) -> str:
    return iso[:16].replace("T", " ")


def first_words(entry: Entry) -> str:
    """The first line of the entry's first written answer or action plan (scales and choices
    left out): shown after the title when it says more."""
    return model.first_words(entry.steps, (*model.WRITTEN_KINDS, "actions"))


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
