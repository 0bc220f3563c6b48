"""The words of a text as the name finder (guard_names.py) reads them: where each is, as
written without a possessive 's, whether it starts a sentence or a heading, and what follows.
Pure and stdlib only."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")
_POSSESSIVE = ("'s", "\u2019s")
_SENTENCE_END = ".!?:;\n"
_OPENERS = " \t\"'\u201c\u2018([-*\u2022>#"  # and "## Heading"


class Token:
    """One word of the text: where it is, as written (without a possessive 's), and what is
    next to it. A plain class: a dataclass costs more to define than a quick entry spends."""

    __slots__ = (
        "capitalised",
        "comma_follows",
        "end",
        "lower",
        "number_follows",
        "possessive",
        "sentence_start",
        "start",
        "word",
    )

    def __init__(
        self,
        start: int,
        end: int,
        word: str,
        possessive: bool,
        sentence_start: bool,
        number_follows: bool,  # "was 17 weeks": a number comes next
        comma_follows: bool,  # "Kato, the rider": a comma or a bracket comes next
    ) -> None:
        self.start, self.end, self.word = start, end, word
        self.possessive, self.sentence_start = possessive, sentence_start
        self.number_follows, self.comma_follows = number_follows, comma_follows
        self.lower = word.lower().replace("\u2019", "'")
        self.capitalised = _capitalised(word)


def _capitalised(word: str) -> bool:
    """'Achieng', 'O'Neil', 'al-Masri', 'el-Sayed'; not 'ICU', 'the', 'X'."""
    if word[:3].lower() in ("al-", "el-") and word[3:4].isupper():
        return True
    return word[0].isupper() and not word.isupper()


def tokens(text: str) -> list[Token]:
    """The words of `text`, in order."""
    found = []
    for m in _WORD.finditer(text):
        word, end = m.group(), m.end()
        possessive = word.endswith(_POSSESSIVE) and len(word) > 2
        if possessive:
            word, end = word[:-2], end - 2
        next_char = text[m.end() : m.end() + 2].strip()[:1]
        found.append(
            Token(
                m.start(),
                end,
                word,
                possessive,
                _starts_sentence(text, m.start()),
                next_char.isdigit(),
                next_char in (",", "("),
            )
        )
    return found


def _starts_sentence(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END
