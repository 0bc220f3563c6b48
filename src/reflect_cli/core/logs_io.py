"""The revalidation logs in a JSON export (version 1), read back for `reflect import`.

An export may hold, beside its `entries`, the optional members named by `EXPORT_LOG_KEYS`:
`cpd`, `feedback`, `practice`, `discussions`, `declarations` and `entry_links` (a reflection's
standards and project). Files written before them have none and import as they always did.
The import's stream keeps these members in its head (core/importer.py); `read_logs` checks them
all and gives the records to merge, or a DataError naming each problem by its place in the file
(`cpd[2].hours: must be more than 0`), so that nothing is imported.

Pure: plain data in, plain data out.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from reflect_cli.core.import_stream import NOTHING_IMPORTED
from reflect_cli.core.logs import (
    FEEDBACK_SOURCES,
    MAX_HOURS,
    CpdActivity,
    Declaration,
    Discussion,
    Feedback,
    PracticeHours,
)
from reflect_cli.errors import DataError
from reflect_cli.model import EXPORT_LOG_KEYS

SHOWN = 3
ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
STANDARD = re.compile(r"^[a-z0-9][a-z0-9_-]*:[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class ImportedLink:
    entry_id: str
    standards: tuple[str, ...] = ()
    project: str | None = None


@dataclass
class ImportedLogs:
    records: list[CpdActivity | Feedback | PracticeHours | Discussion] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    links: list[ImportedLink] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.records or self.declarations or self.links)


@dataclass
class LogsResult:
    """What importing the logs did: records added, replaced by a newer copy, left alone."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0


class _Bad(Exception):
    pass


def read_logs(head: dict[str, Any], source_name: str) -> ImportedLogs:
    """The logs among an export's top-level members, checked; a DataError if any is wrong."""
    reader = _Reader()
    logs = ImportedLogs()
    readers: dict[str, Callable[[str, dict[str, Any]], Any]] = {
        "cpd": reader.cpd, "feedback": reader.feedback, "practice": reader.practice,
        "discussions": reader.discussion, "declarations": reader.declaration,
        "entry_links": reader.link,
    }
    for key in EXPORT_LOG_KEYS:
        if key not in head or head[key] is None:
            continue
        value = head[key]
        if not isinstance(value, list):
            reader.add(key, "must be a list")
            continue
        seen: dict[Any, int] = {}
        for index, raw in enumerate(value):
            where = f"{key}[{index}]"
            if not isinstance(raw, dict):
                reader.add(where, "must be an object")
                continue
            before = reader.found
            try:
                item = readers[key](where, raw)
            except _Bad as exc:
                reader.add(where, str(exc))
                continue
            if reader.found > before:
                continue
            identity = getattr(item, "id", None) or getattr(item, "entry_id", None) or item
            if identity in seen:
                reader.add(where, f"the same as {key}[{seen[identity]}]")
                continue
            seen[identity] = index
            if isinstance(item, Declaration):
                logs.declarations.append(item)
            elif isinstance(item, ImportedLink):
                logs.links.append(item)
            else:
                logs.records.append(item)
    if reader.found:
        more = reader.found - len(reader.problems)
        suffix = f" (and {more} more)" if more > 0 else ""
        raise DataError(
            f"{source_name} cannot be imported: {'; '.join(reader.problems)}{suffix}.",
            f"{NOTHING_IMPORTED} Fix the file, or export it again with: reflect export",
        )
    return logs


class _Reader:
    """Checks each member's records, gathering problems with their place in the file."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.found = 0

    def add(self, where: str, message: str) -> None:
        self.found += 1
        if len(self.problems) < SHOWN:
            self.problems.append(f"{where}: {message}")

    def get(self, where: str, raw: dict[str, Any], name: str,
            check: Callable[[Any], Any], default: Any = ...) -> Any:
        if name not in raw or raw[name] is None:
            if default is ...:
                self.add(f"{where}.{name}", "is missing")
            return None if default is ... else default
        try:
            return check(raw[name])
        except _Bad as exc:
            self.add(f"{where}.{name}", str(exc))
            return None

    # -- the records --------------------------------------------------------------------

    def times(self, where: str, raw: dict[str, Any]) -> tuple[str, str]:
        updated = self.get(where, raw, "updated_at", _moment)
        created = self.get(where, raw, "created_at", _moment, updated)
        return created, updated

    def cpd(self, where: str, raw: dict[str, Any]) -> CpdActivity:
        created, updated = self.times(where, raw)
        return CpdActivity(
            id=self.get(where, raw, "id", _uuid), day=self.get(where, raw, "date", _day),
            topic=self.get(where, raw, "topic", _words),
            hours=self.get(where, raw, "hours", _hours),
            participatory=self.get(where, raw, "participatory", _flag, False),
            method=self.get(where, raw, "method", _text, ""),
            note=self.get(where, raw, "note", _text, ""),
            points=self.get(where, raw, "points", _points, None),
            entry_id=self.get(where, raw, "entry_id", _uuid, None),
            standards=self.get(where, raw, "standards", _standards, ()),
            created_at=created, updated_at=updated,
        )

    def feedback(self, where: str, raw: dict[str, Any]) -> Feedback:
        created, updated = self.times(where, raw)
        return Feedback(
            id=self.get(where, raw, "id", _uuid), day=self.get(where, raw, "date", _day),
            source=self.get(where, raw, "from", _source),
            text=self.get(where, raw, "text", _words),
            entry_id=self.get(where, raw, "entry_id", _uuid, None),
            created_at=created, updated_at=updated,
        )

    def practice(self, where: str, raw: dict[str, Any]) -> PracticeHours:
        created, updated = self.times(where, raw)
        start, end = self.get(where, raw, "from", _day), self.get(where, raw, "to", _day)
        if start and end and end < start:
            raise _Bad(f"'to' ({end}) is before 'from' ({start})")
        return PracticeHours(
            id=self.get(where, raw, "id", _uuid), hours=self.get(where, raw, "hours", _hours),
            start=start, end=end, role=self.get(where, raw, "role", _text, ""),
            created_at=created, updated_at=updated,
        )

    def discussion(self, where: str, raw: dict[str, Any]) -> Discussion:
        created, updated = self.times(where, raw)
        return Discussion(
            id=self.get(where, raw, "id", _uuid), day=self.get(where, raw, "date", _day),
            partner_name=self.get(where, raw, "partner_name", _words),
            partner_pin=self.get(where, raw, "partner_pin", _words),
            partner_email=self.get(where, raw, "partner_email", _text, ""),
            entry_ids=self.get(where, raw, "entry_ids", _uuids, ()),
            created_at=created, updated_at=updated,
        )

    def declaration(self, where: str, raw: dict[str, Any]) -> Declaration:
        return Declaration(self.get(where, raw, "profile", _id),
                           self.get(where, raw, "item", _id),
                           self.get(where, raw, "ticked_at", _moment))

    def link(self, where: str, raw: dict[str, Any]) -> ImportedLink:
        return ImportedLink(self.get(where, raw, "entry_id", _uuid),
                            self.get(where, raw, "standards", _standards, ()),
                            self.get(where, raw, "project", _text, None) or None)


# -- values ---------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise _Bad("must be text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _Bad("holds a character that is not valid Unicode") from None
    return value


def _words(value: Any) -> str:
    if not _text(value).strip():
        raise _Bad("must not be empty")
    return value


def _uuid(value: Any) -> str:
    text = _text(value)
    try:
        parsed = str(uuid.UUID(text))
    except ValueError:
        raise _Bad(f"'{text[:40]}' is not a UUID") from None
    if parsed != text.strip().lower():
        raise _Bad(f"'{text[:40]}' is not a UUID in the usual 8-4-4-4-12 form")
    return parsed


def _uuids(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _Bad("must be a list of ids")
    return tuple(dict.fromkeys(_uuid(item) for item in value))


def _day(value: Any) -> str:
    text = _text(value)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise _Bad(f"'{text[:40]}' is not an ISO date such as 2026-03-01") from None
    if len(text) != 10:
        raise _Bad(f"'{text[:40]}' is not an ISO date such as 2026-03-01")
    return day.isoformat()


def _moment(value: Any) -> str:
    text = _text(value)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _Bad(f"'{text[:40]}' is not an ISO date and time") from None
    if moment.utcoffset() is None:
        raise _Bad(f"'{text[:40]}' has no UTC offset (e.g. +03:00)")
    return moment.isoformat()


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Bad("must be a number")
    if not math.isfinite(value) or not 0 <= value <= MAX_HOURS:
        raise _Bad(f"must be from 0 to {MAX_HOURS:g}")
    return round(float(value), 2)


def _hours(value: Any) -> float:
    if _number(value) <= 0:
        raise _Bad("must be more than 0")
    return _number(value)


def _points(value: Any) -> float:
    return _number(value)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Bad("must be true or false")
    return value


def _source(value: Any) -> str:
    if _text(value) not in FEEDBACK_SOURCES:
        raise _Bad(f"must be one of: {', '.join(FEEDBACK_SOURCES)}")
    return value


def _id(value: Any) -> str:
    if not ID.match(_text(value)):
        raise _Bad(f"'{value[:40]}' is not an id (a-z, 0-9, '-', '_')")
    return value


def _standards(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _Bad("must be a list of standard ids")
    for item in value:
        if not STANDARD.match(_text(item)):
            raise _Bad(f"'{str(item)[:40]}' is not a standard's id such as nmc:4")
    return tuple(dict.fromkeys(value))
