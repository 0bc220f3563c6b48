"""Turning whatever a person types into a safe search: an FTS5 query of quoted words, or, when
the text has no words at all (only emoji or punctuation), plain substring patterns.

No SQL runs here (that is `store.py`); these are pure functions, easy to test on any input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Wrapped around each matched term in a snippet; `render` shows them highlighted, and
# `plain` removes them. Control characters, so they never collide with what people write.
MARK_START = "\x02"
MARK_END = "\x03"

# Runs of letters and digits, as the FTS5 unicode61 tokenizer splits text ("don't" -> don, t).
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LIKE_SPECIAL = re.compile(r"([\\%_])")
SNIPPET_CONTEXT = 60
MAX_WORDS = 64  # words after these are ignored: a pasted page still searches quickly


@dataclass
class SearchHit:
    """One entry that matched, with its best-matching text as a snippet holding the markers."""

    entry_id: str
    framework: str
    created_at: str
    title: str
    score: float
    snippet: str


def words(text: str) -> list[str]:
    """The word tokens of `text`, the way the full-text index sees them."""
    return _WORD.findall(text)


def phrases(text: str) -> list[str]:
    """Each distinct word of `text` as a quoted FTS5 phrase, so that nothing a person types
    (quotes, AND, NEAR(, *) is read as query syntax: `don't` gives `"don"` and `"t"`. At most
    MAX_WORDS; empty if the text has no words."""
    unique: dict[str, str] = {}
    for token in words(text):
        unique.setdefault(token.casefold(), token)
    return [f'"{token}"' for token in unique.values()][:MAX_WORDS]


def like_pieces(text: str) -> list[str]:
    """The whitespace-separated pieces of a query without words (e.g. emoji); each must appear."""
    return [piece for piece in text.replace("\x00", " ").split() if piece]


def like_pattern(piece: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') for text containing `piece` literally."""
    return "%" + _LIKE_SPECIAL.sub(r"\\\1", piece) + "%"


def _pieces_regex(pieces: list[str]) -> re.Pattern[str]:
    ordered = sorted(set(pieces), key=len, reverse=True)
    return re.compile("|".join(re.escape(p) for p in ordered), re.IGNORECASE)


def occurrences(text: str, pieces: list[str]) -> int:
    """How many times any of `pieces` occurs in `text` (case-insensitive)."""
    return len(_pieces_regex(pieces).findall(text)) if pieces else 0


def literal_snippet(text: str, pieces: list[str]) -> str:
    """A short window of `text` around the first of `pieces`, each occurrence inside marked."""
    matches = list(_pieces_regex(pieces).finditer(text)) if pieces else []
    if not matches:
        return text[: 2 * SNIPPET_CONTEXT]
    start = max(0, matches[0].start() - SNIPPET_CONTEXT)
    end = min(len(text), matches[0].end() + SNIPPET_CONTEXT)
    parts = ["…" if start > 0 else ""]
    position = start
    for match in matches:
        if match.start() < position or match.end() > end:
            continue
        parts += [text[position : match.start()], MARK_START, match.group(), MARK_END]
        position = match.end()
    parts += [text[position:end], "…" if end < len(text) else ""]
    return "".join(parts)


def plain(snippet: str) -> str:
    """A snippet without its markers, on one line."""
    return " ".join(snippet.replace(MARK_START, "").replace(MARK_END, "").split())
