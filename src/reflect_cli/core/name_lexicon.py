"""The word lists the identifier guard reads names by, shipped in reflect_cli/data/.

- `names`: given names and surnames that are not ordinary English words (Achieng, Ndlovu);
- `word_names`: names that are also words (Grace, Hope, Patience, Will), names only in context;
- `common_words`: ordinary English words (to tell a heading's "Security" from a name);
- `not_people`: capitalised words that are never a person on their own (Apgar, Kisumu, Zulu,
  and the medicines, devices and everyday words of clinical_words.txt).

The first three are built by scripts/lexicon/build.py from Faker's name lists, this project's
supplement and Webster's Second (see the README); `not_people.txt` is kept by hand. Each list is
read the first time it is asked for, from plain text, in a few milliseconds, and only when a text
holds a word that could be a name.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


class SortedWords:
    """A built list, sorted, looked up by bisection: reading it costs a split and no hashing,
    half the time of making a set of its 30,000 words (about 4 ms instead of 8 here)."""

    __slots__ = ("_words",)

    def __init__(self, words: list[str]) -> None:
        self._words = words

    def __contains__(self, word: object) -> bool:
        words = self._words
        index = bisect_left(words, word)  # type: ignore[call-overload]
        return index < len(words) and words[index] == word

    def __len__(self) -> int:
        return len(self._words)


def _words(file: str) -> SortedWords:
    """A built list: lowercase words, sorted, whitespace between them."""
    return SortedWords((DATA / file).read_text(encoding="utf-8").split())


def _kept_words(file: str) -> frozenset[str]:
    """A list kept by hand: words in any case, '#' starting a comment line."""
    path = DATA / file
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").lower().splitlines()
    return frozenset(word for line in lines if not line.startswith("#") for word in line.split())


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
def not_people() -> frozenset[str]:
    return _kept_words("not_people.txt") | _kept_words("clinical_words.txt")


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
