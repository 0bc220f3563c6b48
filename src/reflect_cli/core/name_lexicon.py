"""The word lists the identifier guard reads names by, shipped in reflect_cli/data/.

- `names`: given names and surnames that are not ordinary English words (Achieng, Ndlovu);
- `word_names`: names that are also words (Grace, Hope, Patience, Will), names only in context;
- `common_words`: ordinary English words (to tell a heading's "Security" from a name);
- `not_people`: capitalised words that are never a person on their own (Apgar, Kisumu, Zulu,
  medicines, devices, everyday Swahili and Zulu words).

All four are built by scripts/lexicon/build.py: the names from Faker's name lists and this
project's supplement, the ordinary words from Webster's Second, the words that are never people
from the two lists kept by hand beside it (see the README). Each list is
read the first time it is asked for, from plain text, in a few milliseconds, and only when a text
holds a word that could be a name.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


class SortedWords:
    """A built list (one lowercase word a line, sorted) asked whether it holds a word.

    A quick entry asks a handful of times, so the list is not even split: each question is one
    search of the file's text (microseconds). Past `SPLIT_AFTER` questions (a long answer), the
    text is split once and each question is a bisection. Either way no set is built: hashing
    30,000 words costs more than a quick entry may spend."""

    SPLIT_AFTER = 48
    __slots__ = ("_asked", "_text", "_words")

    def __init__(self, text: str) -> None:
        self._text = "\n" + text if text.endswith("\n") else "\n" + text + "\n"
        self._words: list[str] | None = None
        self._asked = 0

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word or "\n" in word:
            return False
        words = self._words
        if words is None:
            self._asked += 1
            if self._asked <= self.SPLIT_AFTER:
                return f"\n{word}\n" in self._text
            words = self._words = self._text.split()
        index = bisect_left(words, word)
        return index < len(words) and words[index] == word

    def __len__(self) -> int:
        return self._text.count("\n") - 1


def _words(file: str) -> SortedWords:
    return SortedWords((DATA / file).read_text(encoding="utf-8"))


@cache
def names() -> SortedWords:
    return _words("names.txt")


@cache
def word_names() -> SortedWords:
    return _words("word_names.txt")


@cache
def common_words() -> SortedWords:
    return _words("common_words.txt")


@cache
def not_people() -> SortedWords:
    return _words("not_people.txt")



def is_common_word(word: str) -> bool:
    """`word` (lowercase) or the word it is an inflection of is an ordinary English word:
    'patients', 'crying', 'nursed', 'sicker' all are."""
    words = common_words()
    if word in words:
        return True
    for suffix, replacements in _INFLECTIONS:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            if any(stem + r in words for r in replacements):
                return True
            doubled = suffix in ("ed", "ing", "er", "est") and len(stem) > 2
            if doubled and stem[-1] == stem[-2] and stem[:-1] in words:  # stopped, running
                return True
    return False


_INFLECTIONS = (
    ("ies", ("y",)),
    ("ied", ("y",)),
    ("es", ("", "e")),
    ("s", ("",)),
    ("ed", ("", "e")),
    ("ing", ("", "e")),
    ("ly", ("", "le")),
    ("er", ("", "e")),
    ("est", ("", "e")),
    ("'s", ("",)),
)
