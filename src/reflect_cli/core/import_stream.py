"""Reading JSON text a piece at a time, for `reflect import` (core/importer.py walks the export).

`JsonReader` decodes a binary file as it is read and hands on one JSON value at a time (the
export's head members, then one entry after another), so a lifetime's export never sits in
memory whole: only the text not yet parsed, and at most one piece being parsed, is held. Any
layout of the JSON works (one entry per line, pretty-printed, or all on one line); one piece
may hold at most MAX_PIECE characters. Anything that is not JSON is a DataError naming the line.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Any, BinaryIO

from reflect_cli.errors import DataError

NOTHING_IMPORTED = "Nothing was imported."
GIVE_AN_EXPORT = f"{NOTHING_IMPORTED} Give a file made by: reflect export --format json"
MAX_PIECE = 64 * 1024 * 1024  # characters: the most one entry (or any other value) may hold
READ_SIZE = 1024 * 1024  # bytes read at a time

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class JsonReader:
    """JSON text from a binary file, decoded as it is read, with a position in it. Only the
    text not yet parsed (and at most one piece being parsed) is held."""

    def __init__(self, data: BinaryIO | str | bytes, source_name: str) -> None:
        self.source_name = source_name
        self.text = ""
        self.pos = 0
        self.lines_before = 0  # newlines in the text already dropped
        self.handle: BinaryIO | None = None
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.ended = False
        if isinstance(data, str):
            self.text, self.ended = data, True
        elif isinstance(data, (bytes, bytearray)):
            self.text, self.ended = self._decode(bytes(data), final=True), True
        else:
            self.handle = data

    def _decode(self, data: bytes, final: bool) -> str:
        try:
            return self.decoder.decode(data, final)
        except UnicodeDecodeError:
            raise DataError(
                f"{self.source_name} is not UTF-8 text, so it is not a reflect export.",
                GIVE_AN_EXPORT,
            ) from None

    def more(self, at_least: int = 0) -> bool:
        """Read on (at least `at_least` bytes, if there are); False at the end of the file."""
        if self.ended or self.handle is None:
            return False
        data = self.handle.read(max(READ_SIZE, at_least))
        text = self._decode(data, final=not data)
        if not data:
            self.ended = True
        if self.pos:
            self.lines_before += self.text.count("\n", 0, self.pos)
            self.text = self.text[self.pos :]
            self.pos = 0
        self.text += text
        return bool(data) or bool(text)

    def skip_space(self) -> None:
        while True:
            self.pos = _WHITESPACE.match(self.text, self.pos).end()
            if self.pos < len(self.text) or not self.more():
                return

    def peek(self) -> str:
        """The next character that is not white space ('' at the end)."""
        self.skip_space()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def next_char(self) -> str:
        found = self.peek()
        self.pos += 1 if found else 0
        return found

    def key(self) -> str:
        if self.peek() != '"':
            self.fail("Expecting property name enclosed in double quotes")
        key = self.value("a name")
        if self.next_char() != ":":
            self.fail("Expecting ':' delimiter")
        return key

    def value(self, what: str) -> Any:
        """The JSON value starting here (after white space), however many reads it takes; a
        DataError if it is not valid JSON or holds more than MAX_PIECE characters."""
        self.skip_space()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                if self.ended or not self._may_go_on(exc):
                    self._invalid(exc.msg, exc.pos)
                end = -1
            except RecursionError:
                raise DataError(
                    f"{self.source_name} is nested too deeply to be a reflect export.",
                    GIVE_AN_EXPORT,
                ) from None
            except ValueError:  # a number of more than 4,300 digits
                raise DataError(
                    f"{self.source_name} holds a number too long to read ({what}), so it is"
                    " not a reflect export.",
                    GIVE_AN_EXPORT,
                ) from None
            if end != -1 and (end < len(self.text) or self.ended):
                self.pos = end
                return value
            # cut short by the end of what has been read (or a number that may go on)
            if len(self.text) - self.pos > MAX_PIECE:
                from reflect_cli.core.reading import describe_limit

                raise DataError(
                    f"{self.source_name}: {what} is over {describe_limit(MAX_PIECE)},"
                    " the most reflect reads as one piece (one entry, say).",
                    f"{NOTHING_IMPORTED} Is it an export made by: reflect export --format json?",
                )
            if not self.more(len(self.text) - self.pos) and end != -1:
                self.pos = end
                return value

    def _may_go_on(self, exc: json.JSONDecodeError) -> bool:
        """Whether the error may only be that the piece goes on past what has been read."""
        return exc.msg.startswith("Unterminated string") or exc.pos >= len(self.text) - 12

    def expect_end(self) -> None:
        if self.peek():
            self.fail("Extra data")

    def fail(self, message: str) -> None:
        self._invalid(message, self.pos)

    def _invalid(self, message: str, pos: int) -> None:
        line = self.lines_before + self.text.count("\n", 0, pos) + 1
        raise DataError(
            f"{self.source_name} is not valid JSON ({message}, line {line}).", GIVE_AN_EXPORT
        )
