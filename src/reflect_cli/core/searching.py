"""Turning whatever a person types into a safe search: an FTS5 query of quoted words, or, when
the text has no words at all (only emoji or punctuation), plain substring patterns.

No SQL runs here (that is `db/search.py`, with the in-memory index that finds where a snippet
starts); these are pure functions, easy to test on any input.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

# Wrapped around each matched term in a snippet; `screens.entries.highlighted` shows them, and
# `plain` removes them. Control characters, so they never collide with what people write.
MARK_START = "\x02"
MARK_END = "\x03"

# Runs of letters and digits, as the FTS5 unicode61 tokenizer splits text ("don't" -> don, t).
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LIKE_SPECIAL = re.compile(r"([\\%_])")
SNIPPET_CONTEXT = 60  # characters shown before the first match
SNIPPET_WIDTH = 200  # characters of text in a snippet, at most (markers and "…" aside)
LONGEST_MATCH = 60  # a matched word longer than this is cut in the snippet
SCAN_CHARS = 64 * 1024  # how far into an answer a snippet looks for its first match
SCAN_PIECE = 2048  # the answer is looked at in pieces of this many characters (and a little)
SCAN_OVERLAP = 256  # each piece goes this far into the next, so a word at a cut is whole once
MAX_WORDS = 64  # words (or pieces) after these are ignored: a pasted page still searches quickly
COUNTED = 1000  # occurrences counted for ranking a literal match, at most
# the characters of a text a snippet needs (one more says that the text goes on)
SNIPPET_SOURCE = SCAN_CHARS + SCAN_PIECE + SCAN_OVERLAP + SNIPPET_WIDTH + 1


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
    """The distinct whitespace-separated pieces of a query without words (e.g. emoji), at most
    MAX_WORDS (any more would make the SQL too deep to run); each must appear."""
    unique: dict[str, str] = {}
    for piece in text.replace("\x00", " ").split():
        unique.setdefault(piece.casefold(), piece)
    return list(unique.values())[:MAX_WORDS]


def like_pattern(piece: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') for text containing `piece` literally."""
    return "%" + _LIKE_SPECIAL.sub(r"\\\1", piece) + "%"


def _pieces_regex(pieces: list[str]) -> re.Pattern[str]:
    ordered = sorted(set(pieces), key=len, reverse=True)
    return re.compile("|".join(re.escape(p) for p in ordered), re.IGNORECASE)


def occurrences(text: str, pieces: list[str]) -> int:
    """How many times any of `pieces` occurs in `text` (case-insensitive), up to COUNTED."""
    if not pieces:
        return 0
    return sum(1 for _ in itertools.islice(_pieces_regex(pieces).finditer(text), COUNTED))


def literal_snippet(text: str, pieces: list[str]) -> str:
    """A short window of `text` around the first of `pieces`, each occurrence inside marked."""
    found = _pieces_regex(pieces).finditer(text) if pieces else iter(())
    spans: list[tuple[int, int]] = []
    for match in found:
        if spans and match.start() >= spans[0][0] + SNIPPET_WIDTH:
            break
        spans.append(match.span())
    return window(text, spans)


def window(text: str, spans: list[tuple[int, int]], cut_after: bool = False) -> str:
    """At most SNIPPET_WIDTH characters of `text`, from a little before the first of `spans`
    (start, end), with each span inside marked and a matched word longer than LONGEST_MATCH cut;
    "…" where text is left out (`cut_after`: `text` is itself the start of a longer text)."""
    if not spans:
        shown = text[:SNIPPET_WIDTH]
        return shown + ("…" if cut_after or len(text) > SNIPPET_WIDTH else "")
    start = max(0, spans[0][0] - SNIPPET_CONTEXT)
    end = min(len(text), start + SNIPPET_WIDTH)
    parts = ["…" if start > 0 else ""]
    position = start
    for first, last in spans:
        if first < position:
            continue
        if first >= end:
            break
        word = text[first : min(last, end)]
        if len(word) > LONGEST_MATCH:
            word = word[: LONGEST_MATCH - 1] + "…"
        parts += [text[position:first], MARK_START, word, MARK_END]
        position = min(last, end)
    parts += [text[position:end], "…" if cut_after or end < len(text) else ""]
    return "".join(parts)


def scan_pieces(text: str) -> list[str]:
    """The first SCAN_CHARS characters of `text` in overlapping pieces, for finding the first
    match without looking at the rest (the cost of a snippet does not grow with the answer)."""
    head = text[:SCAN_CHARS]
    return [
        head[start : start + SCAN_PIECE + SCAN_OVERLAP]
        for start in range(0, max(len(head), 1), SCAN_PIECE)
    ]


def free_marks(text: str) -> tuple[str, str]:
    """Two characters that do not occur in `text` (from the private use area), to mark the
    matches in it unambiguously."""
    candidates = (chr(code) for code in range(0xE000, 0xF8FF))
    first, second = itertools.islice((c for c in candidates if c not in text), 2)
    return first, second


def spans_of_marks(marked: str, start: str, end: str) -> tuple[str, list[tuple[int, int]]]:
    """`marked` without the `start`/`end` marks, and the (start, end) of each marked part."""
    plain_parts: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    for number, part in enumerate(re.split(f"({re.escape(start)}|{re.escape(end)})", marked)):
        if number % 2:  # a mark
            if part == start:
                spans.append((length, length))
            elif spans:
                spans[-1] = (spans[-1][0], length)
            continue
        plain_parts.append(part)
        length += len(part)
    return "".join(plain_parts), spans


def plain(snippet: str) -> str:
    """A snippet without its markers, on one line."""
    return " ".join(snippet.replace(MARK_START, "").replace(MARK_END, "").split())
