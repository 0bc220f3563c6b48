"""Reading a JSON export (`reflect export --format json`, version 1) back in, for `reflect import`.

Pure: `parse_export` checks the whole document before anything is written and returns typed
entries, or raises a DataError naming the first problems with a JSON path such as
`entries[3].steps[1].answer: must be text`. Writing them is `Store.import_entries`.

Within version 1, fields may be added: fields this version does not know are ignored.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reflect_cli.errors import DataError
from reflect_cli.exporters import EXPORT_FORMAT, EXPORT_VERSION
from reflect_cli.frameworks import ID_PATTERN, KEY_PATTERN, KINDS

MAX_PROBLEMS_SHOWN = 3
NOTHING_IMPORTED = "Nothing was imported."

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
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DataError(
                f"{source_name} is not UTF-8 text, so it is not a reflect export.",
                f"{NOTHING_IMPORTED} Give a file made by: reflect export --format json",
            ) from None
    try:
        document = json.loads(data)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"{source_name} is not valid JSON ({exc.msg}, line {exc.lineno}).",
            f"{NOTHING_IMPORTED} Give a file made by: reflect export --format json",
        ) from None
    except RecursionError:
        raise DataError(
            f"{source_name} is nested too deeply to be a reflect export.",
            f"{NOTHING_IMPORTED} Give a file made by: reflect export --format json",
        ) from None
    checker = _Checker(source_name, kind_of or _kinds_here())
    entries = checker.document(document)
    if checker.problems:
        shown = "; ".join(checker.problems[:MAX_PROBLEMS_SHOWN])
        more = len(checker.problems) - MAX_PROBLEMS_SHOWN
        suffix = f" (and {more} more)" if more > 0 else ""
        raise DataError(
            f"{source_name} cannot be imported: {shown}{suffix}.",
            f"{NOTHING_IMPORTED} Fix the file, or export it again with: reflect export",
        )
    return entries


def _kinds_here() -> KindLookup:
    """Look up the kind of a step in the frameworks installed here (read once, when needed)."""
    from reflect_cli import frameworks

    found: list[frameworks.Catalogue] = []

    def kind_of(framework_id: str, key: str) -> str | None:
        if not found:
            found.append(frameworks.catalogue())
        framework = found[0].frameworks.get(framework_id)
        step = framework.step(key) if framework else None
        return step.kind if step else None

    return kind_of


def _clean_tag(tag: str) -> str:
    """A tag as reflect stores it (as `commands.common.clean_tags` does): trimmed, lower-case,
    without a leading '#'."""
    return tag.strip().lstrip("#").strip().lower()


class _Checker:
    """Walks the document, collecting problems (with their JSON path) instead of stopping."""

    def __init__(self, source_name: str, kind_of: KindLookup) -> None:
        self.source_name = source_name
        self.kind_of = kind_of
        self.problems: list[str] = []
        self._kinds: dict[tuple[str, str], str | None] = {}

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}" if path else message)

    def document(self, document: Any) -> list[ImportedEntry]:
        if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
            self.add("", 'it is not a reflect export (no "format": "reflect-export")')
            return []
        version = document.get("version")
        if isinstance(version, int) and not isinstance(version, bool) and version > EXPORT_VERSION:
            raise DataError(
                f"{self.source_name} is a version {version} export, from a newer reflect; "
                f"this one reads version {EXPORT_VERSION}.",
                f"{NOTHING_IMPORTED} Upgrade reflect (pip install --upgrade reflect-cli), "
                "then import it again.",
            )
        if version != EXPORT_VERSION or isinstance(version, bool):
            self.add("version", f"must be {EXPORT_VERSION}")
            return []
        raw_entries = document.get("entries")
        if not isinstance(raw_entries, list):
            self.add("entries", "must be a list")
            return []
        entries: list[ImportedEntry] = []
        first_seen: dict[str, int] = {}
        for index, raw in enumerate(raw_entries):
            path = f"entries[{index}]"
            try:
                entry = self.entry(path, raw)
            except _Invalid as exc:
                self.add(path, str(exc))
                continue
            if entry is None:
                continue
            if entry.id in first_seen:
                self.add(f"{path}.id", f"the same id as entries[{first_seen[entry.id]}]")
                continue
            first_seen[entry.id] = index
            entries.append(entry)
        return entries

    # -- one entry -------------------------------------------------------------------------

    def entry(self, path: str, raw: Any) -> ImportedEntry | None:
        if not isinstance(raw, dict):
            raise _Invalid("must be an object")
        before = len(self.problems)
        entry_id = self.field(path, raw, "id", self.uuid)
        framework = self.field(path, raw, "framework", self.framework_id)
        created_at = self.field(path, raw, "created_at", self.moment)
        updated_at = self.field(path, raw, "updated_at", self.moment)
        title = self.field(path, raw, "title", self.text, default="")
        mood = self.field(path, raw, "mood", self.mood, default=None)
        tags = self.field(path, raw, "tags", self.tags, default=())
        steps = self.field(path, raw, "steps", lambda p, v: self.steps(p, v, framework))
        actions = self.field(path, raw, "actions", self.actions, default=())
        if len(self.problems) > before:
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
    def uuid(_path: str, value: Any) -> str:
        if not isinstance(value, str):
            raise _Invalid("must be a UUID, as text")
        try:
            parsed = uuid.UUID(value)
        except ValueError:
            raise _Invalid(f"'{value[:40]}' is not a UUID") from None
        if str(parsed) != value.strip().lower():
            raise _Invalid(f"'{value[:40]}' is not a UUID in the usual 8-4-4-4-12 form")
        return str(parsed)

    def framework_id(self, path: str, value: Any) -> str:
        value = self.text(path, value)
        if not ID_PATTERN.match(value):
            raise _Invalid(f"'{value[:40]}' is not a framework id (a-z, 0-9, '-', '_')")
        return value

    @staticmethod
    def moment(_path: str, value: Any) -> str:
        """An ISO datetime with its UTC offset, written the way reflect writes it."""
        if not isinstance(value, str):
            raise _Invalid("must be a date and time, as text")
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise _Invalid(f"'{value[:40]}' is not an ISO date and time") from None
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            raise _Invalid(f"'{value[:40]}' has no UTC offset (e.g. +03:00)")
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
                cleaned.append(_clean_tag(self.text(path, tag)))
            except _Invalid as exc:
                self.add(f"{path}[{index}]", str(exc))
        return tuple(t for t in dict.fromkeys(cleaned) if t)

    def steps(self, path: str, value: Any, framework: str | None) -> tuple[ImportedStep, ...]:
        if not isinstance(value, list):
            raise _Invalid("must be a list")
        steps: list[ImportedStep] = []
        seen: dict[str, int] = {}
        for index, raw in enumerate(value):
            where = f"{path}[{index}]"
            if not isinstance(raw, dict):
                self.add(where, "must be an object")
                continue
            before = len(self.problems)
            key = self.field(where, raw, "key", self.step_key)
            title = self.field(where, raw, "title", self.text, default=None)
            question = self.field(where, raw, "question", self.text, default="")
            kind = self.field(where, raw, "kind", self.kind, default=None)
            answer = self.field(where, raw, "answer", self.text)
            if len(self.problems) > before:
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
        value = self.text(path, value)
        if not KEY_PATTERN.match(value):
            raise _Invalid(f"'{value[:40]}' must match [a-z0-9_]+")
        return value

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
        if not isinstance(value, list):
            raise _Invalid("must be a list")
        actions: list[ImportedAction] = []
        for index, raw in enumerate(value):
            where = f"{path}[{index}]"
            if not isinstance(raw, dict):
                self.add(where, "must be an object")
                continue
            before = len(self.problems)
            action_id = self.field(where, raw, "id", self.uuid)
            text = self.field(where, raw, "text", self.text)
            done_at = self.field(where, raw, "done_at", self.moment, default=None)
            note = self.field(where, raw, "note", self.text, default=None)
            if len(self.problems) > before:
                continue
            if not text.strip():
                self.add(f"{where}.text", "must not be empty")
                continue
            actions.append(ImportedAction(action_id, text, done_at, note))
        return tuple(actions)
