"""Reading a JSON export (`reflect export --format json`, version 1) back in, for `reflect import`.

`ExportStream` reads the file piece by piece (with `import_stream.JsonReader`): the head
(format, version) first, then one entry at a time, each checked here as it is read, so a
lifetime's export never sits in memory whole. Problems are gathered with a
JSON path such as `entries[3].steps[1].answer: must be text`; once there is one, no more
entries are handed on, and when the file ends a DataError names the first of them. Writing is
`Store.import_entries`, in one transaction: an error raised while it reads the stream undoes
everything, so an import is all or nothing. `parse_export` is the same for a document in memory.

Within version 1, fields may be added: fields this version does not know are ignored.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, BinaryIO, TypeVar

from reflect_cli.core.audio_import import audio_notes
from reflect_cli.core.frameworks import ID_PATTERN, KEY_PATTERN, KINDS
from reflect_cli.core.import_stream import NOTHING_IMPORTED, JsonReader
from reflect_cli.errors import DataError
from reflect_cli.model import EXPORT_FORMAT, EXPORT_LOG_KEYS, EXPORT_VERSION, clean_tag

MAX_PROBLEMS_SHOWN = 3
Parsed = TypeVar("Parsed")

# The kind a step has in the current framework, for steps written before "kind" was exported.
KindLookup = Callable[[str, str], str | None]


@dataclass(frozen=True)
class ImportedStep:
    key: str
    title: str
    question: str
    kind: str
    answer: str


@dataclass(frozen=True)
class ImportedAction:
    id: str
    text: str
    done_at: str | None
    note: str | None
    due: str | None = None  # an ISO day; exports written before due days have none


@dataclass(frozen=True)
class ImportedEntry:
    id: str
    framework: str
    created_at: str
    updated_at: str
    title: str
    tags: tuple[str, ...] = ()
    mood: int | None = None
    steps: tuple[ImportedStep, ...] = ()
    actions: tuple[ImportedAction, ...] = ()
    starred: bool = False
    audio: tuple = ()  # its voice notes (core/audio_import.py)


@dataclass
class ImportResult:
    """What `Store.import_entries` did: entries added, replaced by a newer copy, left alone."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    written: list[str] = field(default_factory=list)  # ids added or replaced


class _Invalid(Exception):
    """One problem at one place in the document."""


def parse_export(
    data: str | bytes, source_name: str, kind_of: KindLookup | None = None
) -> list[ImportedEntry]:
    """Every entry of an export document, checked; DataError (exit 1) if anything is wrong."""
    stream = ExportStream(data, source_name, kind_of)
    return list(stream)


class ExportStream:
    """The checked entries of an export, read piece by piece from a binary file (or from a
    document in memory). Reading the head happens at once, so a file that is not an export, or
    is from a newer reflect, is refused before anything else; the entries follow as it is
    iterated. The iteration ends with a DataError if anything in the file was wrong."""

    def __init__(
        self, data: BinaryIO | str | bytes, source_name: str, kind_of: KindLookup | None = None
    ) -> None:
        self.source_name = source_name
        self.reader = JsonReader(data, source_name)
        self.checker = _Checker(source_name, kind_of or _kinds_here())
        self.head: dict[str, Any] = {}
        self._whole: list[ImportedEntry] | None = None
        self._header_checked = False
        self._at_entries = False
        self._read_head()

    def __iter__(self) -> Iterator[ImportedEntry]:
        if self._whole is not None:  # not an object: read and checked whole already
            yield from self._whole
            return
        yield from self._entries()
        self._read_members(after_entries=True)
        self.reader.expect_end()
        self._check_header()  # if "format" or "version" came after "entries"
        self._raise_problems()

    # -- the parts of the document --------------------------------------------------------

    def _read_head(self) -> None:
        """The members before "entries"; a document that is not an object is read whole."""
        reader = self.reader
        if reader.peek() != "{":
            document = reader.value("the file")
            reader.expect_end()
            self._whole = self.checker.document(document)
            self._raise_problems()
            return
        reader.pos += 1
        self._at_entries = self._read_members(after_entries=False)
        if {"format", "version"} <= self.head.keys() or not self._at_entries:
            self._check_header()
        if not self._at_entries:
            reader.expect_end()
            self.checker.add("entries", "must be a list")
            self._raise_problems()

    def _read_members(self, *, after_entries: bool) -> bool:
        """Members of the top object up to "entries" (True) or to its end (False)."""
        reader = self.reader
        if after_entries and not self._more_members():
            return False
        if not after_entries and reader.peek() == "}":
            reader.pos += 1
            return False
        while True:
            key = reader.key()
            if key == "entries" and not after_entries:
                return True
            value = reader.value(f'the value of "{key[:40]}"')
            if key == "entries":
                self.checker.add("entries", "is given twice")
            elif key in ("format", "version", *EXPORT_LOG_KEYS):  # the logs: core/logs_io.py
                self.head[key] = value
            del value
            if not self._more_members():
                return False

    def _more_members(self) -> bool:
        """After a member: True at a ',', False at the closing '}'."""
        found = self.reader.next_char()
        if found == ",":
            return True
        if found == "}":
            return False
        self.reader.fail("Expecting ',' delimiter")

    def _entries(self) -> Iterator[ImportedEntry]:
        """Each entry of the "entries" list, checked, while the file has no problems."""
        reader, checker = self.reader, self.checker
        if reader.peek() != "[":
            reader.value('the value of "entries"')
            checker.add("entries", "must be a list")
            return
        reader.pos += 1
        if reader.peek() == "]":
            reader.pos += 1
            return
        index = 0
        while True:
            raw = reader.value(f"entries[{index}]")
            entry = checker.one(index, raw)
            if entry is not None and not checker.found:
                yield entry
            del raw, entry
            index += 1
            found = reader.next_char()
            if found == "]":
                return
            if found != ",":
                reader.fail("Expecting ',' delimiter")

    def _check_header(self) -> None:
        """The format and version: a problem here is the only one reported."""
        if self._header_checked:
            return
        self._header_checked = True
        header = _Checker(self.source_name, self.checker.kind_of)
        if not header.header(self.head):
            self.checker = header
            self._raise_problems()

    def _raise_problems(self) -> None:
        checker = self.checker
        if not checker.found:
            return
        shown = "; ".join(checker.problems)
        more = checker.found - len(checker.problems)
        suffix = f" (and {more} more)" if more > 0 else ""
        raise DataError(
            f"{self.source_name} cannot be imported: {shown}{suffix}.",
            f"{NOTHING_IMPORTED} Fix the file, or export it again with: reflect export",
        )


def _kinds_here() -> KindLookup:
    """Look up the kind of a step in the frameworks installed here (read once, when needed)."""
    from reflect_cli.core import frameworks

    found: list[frameworks.Catalogue] = []

    def kind_of(framework_id: str, key: str) -> str | None:
        if not found:
            found.append(frameworks.catalogue())
        framework = found[0].frameworks.get(framework_id)
        step = framework.step(key) if framework else None
        return step.kind if step else None

    return kind_of


class _Checker:
    """Walks the document, collecting problems (with their JSON path) instead of stopping."""

    def __init__(self, source_name: str, kind_of: KindLookup) -> None:
        self.source_name = source_name
        self.kind_of = kind_of
        self.problems: list[str] = []  # the first MAX_PROBLEMS_SHOWN
        self.found = 0  # problems in all
        self._kinds: dict[tuple[str, str], str | None] = {}
        self._first_seen: dict[str, int] = {}

    def add(self, path: str, message: str) -> None:
        self.found += 1
        if len(self.problems) < MAX_PROBLEMS_SHOWN:
            self.problems.append(f"{path}: {message}" if path else message)

    def document(self, document: Any) -> list[ImportedEntry]:
        if not self.header(document):
            return []
        raw_entries = document.get("entries")
        if not isinstance(raw_entries, list):
            self.add("entries", "must be a list")
            return []
        entries = (self.one(index, raw) for index, raw in enumerate(raw_entries))
        return [entry for entry in entries if entry is not None]

    def header(self, document: Any) -> bool:
        """Whether the format and version are right (a problem is added if not)."""
        if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
            self.add("", 'it is not a reflect export (no "format": "reflect-export")')
            return False
        version = document.get("version")
        if isinstance(version, int) and not isinstance(version, bool) and version > EXPORT_VERSION:
            shown = f"a version {version}" if version < 10**9 else "a far newer"
            raise DataError(
                f"{self.source_name} is {shown} export, from a newer reflect; "
                f"this one reads version {EXPORT_VERSION}.",
                f"{NOTHING_IMPORTED} Upgrade reflect (pip install --upgrade reflect-cli), "
                "then import it again.",
            )
        if version != EXPORT_VERSION or isinstance(version, bool):
            self.add("version", f"must be {EXPORT_VERSION}")
            return False
        return True

    def one(self, index: int, raw: Any) -> ImportedEntry | None:
        """entries[index], checked, or None with its problems added."""
        path = f"entries[{index}]"
        try:
            entry = self.entry(path, raw)
        except _Invalid as exc:
            self.add(path, str(exc))
            return None
        if entry is None:
            return None
        if entry.id in self._first_seen:
            self.add(f"{path}.id", f"the same id as entries[{self._first_seen[entry.id]}]")
            return None
        self._first_seen[entry.id] = index
        return entry

    # -- one entry -------------------------------------------------------------------------

    def entry(self, path: str, raw: Any) -> ImportedEntry | None:
        if not isinstance(raw, dict):
            raise _Invalid("must be an object")
        before = self.found
        entry_id = self.field(path, raw, "id", self.uuid)
        framework = self.field(path, raw, "framework", self.framework_id)
        created_at = self.field(path, raw, "created_at", self.moment)
        updated_at = self.field(path, raw, "updated_at", self.moment)
        title = self.field(path, raw, "title", self.text, default="")
        mood = self.field(path, raw, "mood", self.mood, default=None)
        tags = self.field(path, raw, "tags", self.tags, default=())
        steps = self.field(path, raw, "steps", lambda p, v: self.steps(p, v, framework))
        actions = self.field(path, raw, "actions", self.actions, default=())
        starred = raw.get("starred")  # optional: exports from before stars have none
        if starred is not None and not isinstance(starred, bool):
            self.add(f"{path}.starred", "must be true or false")
        if self.found > before:
            return None
        return ImportedEntry(
            id=entry_id,
            framework=framework,
            created_at=created_at,
            updated_at=updated_at,
            title=title,
            tags=tags,
            mood=mood,
            steps=steps,
            actions=actions,
            starred=bool(starred), audio=audio_notes(self, path, raw, entry_id),
        )

    _REQUIRED = object()

    def field(
        self,
        path: str,
        raw: dict[str, Any],
        name: str,
        check: Callable[[str, Any], Any],
        default: Any = _REQUIRED,
    ) -> Any:
        """`check` the value of `raw[name]`, recording a problem at `path.name` if it fails."""
        where = f"{path}.{name}"
        if name not in raw or (raw[name] is None and default is None):
            if default is self._REQUIRED:
                self.add(where, "is missing")
                return None
            return default
        try:
            return check(where, raw[name])
        except _Invalid as exc:
            self.add(where, str(exc))
            return None

    # -- values ----------------------------------------------------------------------------

    @staticmethod
    def text(_path: str, value: Any) -> str:
        if not isinstance(value, str):
            raise _Invalid("must be text")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise _Invalid("holds a character that is not valid Unicode") from None
        return value

    @staticmethod
    def _parsed(value: Any, parse: Callable[[str], Parsed], must_be: str, is_not: str) -> Parsed:
        """`value`, which must be text, read by `parse`; `must_be` and `is_not` name what it
        should be in the problem found ("a date and time", "an ISO date and time")."""
        if not isinstance(value, str):
            raise _Invalid(f"must be {must_be}, as text")
        try:
            return parse(value)
        except ValueError:
            raise _Invalid(f"'{value[:40]}' is not {is_not}") from None

    @staticmethod
    def uuid(_path: str, value: Any) -> str:
        parsed = _Checker._parsed(value, uuid.UUID, "a UUID", "a UUID")
        if str(parsed) != value.strip().lower():
            raise _Invalid(f"'{value[:40]}' is not a UUID in the usual 8-4-4-4-12 form")
        return str(parsed)

    def framework_id(self, path: str, value: Any) -> str:
        return self._matching(path, value, ID_PATTERN, "is not a framework id (a-z, 0-9, '-', '_')")

    def _matching(self, path: str, value: Any, pattern: re.Pattern[str], problem: str) -> str:
        """Text that `pattern` matches; other text is a problem, said after the text itself."""
        value = self.text(path, value)
        if not pattern.match(value):
            raise _Invalid(f"'{value[:40]}' {problem}")
        return value

    @staticmethod
    def moment(_path: str, value: Any) -> str:
        """An ISO datetime with its UTC offset, written the way reflect writes it."""
        parsed = _Checker._parsed(
            value, datetime.fromisoformat, "a date and time", "an ISO date and time"
        )
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            raise _Invalid(f"'{value[:40]}' has no UTC offset (e.g. +03:00)")
        return parsed.isoformat()

    @staticmethod
    def day(_path: str, value: Any) -> str:
        """An ISO day (2026-12-20), as reflect writes an action's due day."""
        parsed = _Checker._parsed(value, date.fromisoformat, "a date", "an ISO date")
        if len(value) != 10:
            raise _Invalid(f"'{value[:40]}' is not an ISO date such as 2026-12-20")
        return parsed.isoformat()

    @staticmethod
    def mood(_path: str, value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise _Invalid("must be a whole number or null")
        if not -(2**63) <= value < 2**63:
            raise _Invalid("is too large a number")
        return value

    def tags(self, path: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise _Invalid("must be a list of text")
        cleaned = []
        for index, tag in enumerate(value):
            try:
                cleaned.append(clean_tag(self.text(path, tag)))
            except _Invalid as exc:
                self.add(f"{path}[{index}]", str(exc))
        return tuple(t for t in dict.fromkeys(cleaned) if t)

    def objects(self, path: str, value: Any) -> Iterator[tuple[int, str, dict[str, Any]]]:
        """Each object in the list `value`, with its index and its path; an item that is not an
        object is a problem, and passed over."""
        if not isinstance(value, list):
            raise _Invalid("must be a list")
        for index, raw in enumerate(value):
            where = f"{path}[{index}]"
            if not isinstance(raw, dict):
                self.add(where, "must be an object")
                continue
            yield index, where, raw

    def steps(self, path: str, value: Any, framework: str | None) -> tuple[ImportedStep, ...]:
        steps: list[ImportedStep] = []
        seen: dict[str, int] = {}
        for index, where, raw in self.objects(path, value):
            before = self.found
            key = self.field(where, raw, "key", self.step_key)
            title = self.field(where, raw, "title", self.text, default=None)
            question = self.field(where, raw, "question", self.text, default="")
            kind = self.field(where, raw, "kind", self.kind, default=None)
            answer = self.field(where, raw, "answer", self.text)
            if self.found > before:
                continue
            if key in seen:
                self.add(f"{where}.key", f"'{key}' is already used by {path}[{seen[key]}]")
                continue
            seen[key] = index
            steps.append(
                ImportedStep(
                    key=key,
                    title=title if title is not None else key,
                    question=question,
                    kind=kind or self.default_kind(framework, key),
                    answer=answer,
                )
            )
        return tuple(steps)

    def step_key(self, path: str, value: Any) -> str:
        return self._matching(path, value, KEY_PATTERN, "must match [a-z0-9_]+")

    @staticmethod
    def kind(_path: str, value: Any) -> str:
        if value not in KINDS:
            raise _Invalid(f"must be one of: {', '.join(KINDS)}")
        return value

    def default_kind(self, framework: str | None, key: str) -> str:
        """A step exported without its kind: its kind in the framework here, else text."""
        if framework is None:
            return "text"
        if (framework, key) not in self._kinds:
            self._kinds[(framework, key)] = self.kind_of(framework, key)
        return self._kinds[(framework, key)] or "text"

    def actions(self, path: str, value: Any) -> tuple[ImportedAction, ...]:
        actions: list[ImportedAction] = []
        for _index, where, raw in self.objects(path, value):
            before = self.found
            action_id = self.field(where, raw, "id", self.uuid)
            text = self.field(where, raw, "text", self.text)
            done_at = self.field(where, raw, "done_at", self.moment, default=None)
            note = self.field(where, raw, "note", self.text, default=None)
            due = self.field(where, raw, "due", self.day, default=None)
            if self.found > before:
                continue
            if not text.strip():
                self.add(f"{where}.text", "must not be empty")
                continue
            actions.append(ImportedAction(action_id, text, done_at, note, due))
        return tuple(actions)
