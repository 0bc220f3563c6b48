"""Entries: drafts and their answers, finishing, editing, deleting, tags, privacy marks
(`EntryWriting`), and reading them back with their steps, tags and actions (`EntryReading`).
Every write is one `BEGIN IMMEDIATE` transaction (`Store.transaction`)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from reflect_cli.core import clock
from reflect_cli.db.connection import Where
from reflect_cli.errors import JournalError
from reflect_cli.model import (
    Action,
    Entry,
    Framework,
    Step,
    StepAnswer,
    action_lines,
    default_title,
)

if TYPE_CHECKING:
    from reflect_cli.db.connection import Tables

ID_CHUNK = 500  # ids per query when reading many entries (SQLite limits a query's parameters)
ENTRY_COLUMNS = "id, framework, title, status, created_at, updated_at, mood, starred"


class EntryWriting:
    """Writing entries (mixed into Store)."""

    db: Tables
    transaction: Callable[[], AbstractContextManager[None]]
    get: Callable[[str], Entry]
    forget_audio: Callable[[str], None]
    forget_links: Callable[[str], None]

    def start_draft(
        self,
        framework: Framework,
        *,
        title: str = "",
        tags: Iterable[str] = (),
        created_at: datetime | None = None,
    ) -> str:
        """Create a draft holding every step of `framework`, none answered yet; return its id."""
        entry_id = str(uuid.uuid4())
        moment = created_at or clock.now()
        stamp = clock.to_iso(clock.now())
        with self.transaction():
            self.db.insert(
                "entries",
                {
                    "id": entry_id,
                    "framework": framework.id,
                    "title": title,
                    "status": "draft",
                    "created_at": clock.to_iso(moment),
                    "day": moment.date().isoformat(),
                    "updated_at": stamp,
                    "mood": None,
                },
            )
            self.db.insert_all(
                "steps",
                (
                    {
                        "entry_id": entry_id,
                        "position": position,
                        "key": step.key,
                        "title": step.title,
                        "question": step.question,
                        "kind": step.kind,
                        "spec": json.dumps(step.to_spec(), ensure_ascii=False),
                        "answer": None,
                        "answered_at": None,
                    }
                    for position, step in enumerate(framework.steps, start=1)
                ),
            )
            self._set_tags(entry_id, tags)
        return entry_id

    def save_answer(self, entry_id: str, key: str, answer: str, *, final: bool = True) -> None:
        """Store one answer. `final=False` keeps text typed so far without marking it answered."""
        stamp = clock.to_iso(clock.now())
        with self.transaction():
            row = self.db.one(
                "SELECT kind, spec FROM steps WHERE entry_id = ? AND key = ?",
                [entry_id, key],
                f"This entry has no step '{key}'.",
            )
            self.db.execute(
                "UPDATE steps SET answer = ?, answered_at = ? WHERE entry_id = ? AND key = ?",
                [answer, stamp if final else None, entry_id, key],
            )
            updates: dict[str, Any] = {"updated_at": stamp}
            if final and key == "mood" and row[0] == "scale":
                updates["mood"] = int(answer) if answer.strip() else None
            self.db.update("entries", entry_id, updates)

    def finish(self, entry_id: str) -> Entry:
        """Turn a draft into an entry: every unanswered step counts as left empty, and each line
        of an `actions` answer becomes a tracked action."""
        stamp = clock.to_iso(clock.now())
        with self.transaction():
            entry = self.get(entry_id)
            self.db.execute(
                "UPDATE steps SET answer = coalesce(answer, ''), answered_at = ?"
                " WHERE entry_id = ? AND answered_at IS NULL",
                [stamp, entry_id],
            )
            actions = [
                {
                    "id": str(uuid.uuid4()),
                    "entry_id": entry_id,
                    "position": position,
                    "text": text,
                    "created_at": entry.created_at,
                    "done_at": None,
                    "note": None,
                    "due": due.isoformat() if due else None,
                }
                for position, (text, due, _line) in enumerate(_promised(entry), start=1)
            ]
            if actions:
                self.db.insert_all("actions", actions)
            self.db.update(
                "entries",
                entry_id,
                {
                    "status": "done",
                    "updated_at": stamp,
                    "title": entry.title or default_title(entry.steps),
                },
            )
        return self.get(entry_id)

    def create_entry(
        self,
        framework: Framework,
        answers: dict[str, str],
        *,
        title: str = "",
        tags: Iterable[str] = (),
        created_at: datetime | None = None,
    ) -> Entry:
        """A complete entry in one transaction (the non-interactive way)."""
        with self.transaction():
            entry_id = self.start_draft(framework, title=title, tags=tags, created_at=created_at)
            for key, answer in answers.items():
                self.save_answer(entry_id, key, answer)
            return self.finish(entry_id)

    def _set_tags(self, entry_id: str, tags: Iterable[str]) -> None:
        rows = [{"entry_id": entry_id, "tag": tag} for tag in dict.fromkeys(tags) if tag]
        if rows:
            self.db.insert_all("tags", rows, ignore=True)

    # -- editing and deleting ---------------------------------------------------------------

    def update_entry(
        self, entry_id: str, title: str, tags: Iterable[str], answers: dict[str, str]
    ) -> Entry:
        """Save an edited entry in one transaction: changed answers (and the mood), the title,
        the tags (replaced) and, if an `actions` answer changed, its tracked actions: an action
        whose text is unchanged is kept with its done date and note; new lines are added and
        removed lines deleted."""
        stamp = clock.to_iso(clock.now())
        with self.transaction():
            entry = self.get(entry_id)
            by_key = {item.step.key: item for item in entry.steps}
            unknown = [key for key in answers if key not in by_key]
            if unknown:
                raise JournalError(f"This entry has no step '{unknown[0]}'.")
            updates: dict[str, Any] = {"updated_at": stamp}
            actions_changed = False
            promised_before = {text: due for text, due, _ in _promised(entry)}  # before the edit
            for key, answer in answers.items():
                item = by_key[key]
                if answer == (item.answer or "") and item.answered:
                    continue
                self.db.execute(
                    "UPDATE steps SET answer = ?, answered_at = ? WHERE entry_id = ? AND key = ?",
                    [answer, stamp, entry_id, key],
                )
                item.answer = answer
                if key == "mood" and item.step.kind == "scale":
                    updates["mood"] = int(answer) if answer.strip() else None
                actions_changed = actions_changed or item.step.kind == "actions"
            updates["title"] = title.strip() or default_title(entry.steps)
            self.db.update("entries", entry_id, updates)
            self.db.execute("DELETE FROM tags WHERE entry_id = ?", [entry_id])
            self._set_tags(entry_id, tags)
            if actions_changed:
                self._resync_actions(entry, promised_before)
        return self.get(entry_id)

    def _resync_actions(self, entry: Entry, before: dict[str, date | None]) -> None:
        """Make the tracked actions match the lines of the entry's `actions` answers. A kept
        action takes its line's due day only if the line's '(by …)' changed (`before`: each
        line's day before the edit), so a day set with `actions due` stays."""
        unused = list(entry.actions)
        for position, (text, due, line) in enumerate(_promised(entry), start=1):
            # (an action written before due days were read keeps its whole line as its text)
            kept = next((a for a in unused if a.text in (text, line)), None)
            if kept is not None:
                unused.remove(kept)
                self.db.execute("UPDATE actions SET position = ? WHERE id = ?", [position, kept.id])
                if text in before and before[text] != due:
                    self.db.execute(
                        "UPDATE actions SET due = ? WHERE id = ?",
                        [due.isoformat() if due else None, kept.id],
                    )
                continue
            self.db.insert(
                "actions",
                {
                    "id": str(uuid.uuid4()),
                    "entry_id": entry.id,
                    "position": position,
                    "text": text,
                    "created_at": clock.to_iso(clock.now()),
                    "done_at": None,
                    "note": None,
                    "due": due.isoformat() if due else None,
                },
            )
        for gone in unused:
            self.db.execute("DELETE FROM actions WHERE id = ?", [gone.id])

    def delete_entry(self, entry_id: str) -> None:
        """Remove an entry with its steps, tags and actions, in one transaction (the search
        indexes follow through their triggers)."""
        with self.transaction():
            self.db.one(
                "SELECT 1 FROM entries WHERE id = ?", [entry_id], f"No entry has the id {entry_id}."
            )
            self.forget_audio(entry_id)  # its voice notes, overwritten (db/audio.py)
            self.forget_links(entry_id)  # its standards and project (db/evidence.py)
            for table in ("actions", "tags", "steps"):
                self.db.execute(f"DELETE FROM {table} WHERE entry_id = ?", [entry_id])
            self.db.execute("DELETE FROM entries WHERE id = ?", [entry_id])


    # -- privacy marks (the identifier guard; see core/privacy.py) ------------------------------

    def set_marks(self, marks: dict[str, bool]) -> None:
        """Mark (True) or unmark entries as possibly identifying someone. `updated_at` stays as
        it was: the entry itself did not change. Rows already right are not written (each write
        also rewrites the entry's search index row, through its trigger)."""
        if not marks:
            return
        with self.transaction():
            self.db.conn.executemany(
                "UPDATE entries SET marked = ? WHERE id = ? AND marked != ?",
                [(int(bool(m)), entry_id, int(bool(m))) for entry_id, m in marks.items()],
            )

    def set_starred(self, entry_id: str, starred: bool) -> bool:
        """Star (or unstar) an entry; False if it was so already. `updated_at` stays as it
        was: a star is the writer's bookmark, not a change to what they wrote."""
        with self.transaction():
            row = self.db.one(
                "SELECT starred FROM entries WHERE id = ?", [entry_id],
                f"No entry has the id {entry_id}.",
            )
            if bool(row[0]) == starred:
                return False
            self.db.execute("UPDATE entries SET starred = ? WHERE id = ?", [int(starred), entry_id])
        return True


class EntryReading:
    """Reading entries and counting them (mixed into Store)."""

    db: Tables
    attach_audio: Callable[[dict[str, Entry]], None]

    def marked_ids(self) -> set[str]:
        """The finished entries marked as possibly identifying someone."""
        rows = self.db.execute("SELECT id FROM entries WHERE status = 'done' AND marked = 1")
        return {row[0] for row in rows}

    def count_marked(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        tags: Iterable[str] = (),
        framework: str | None = None,
    ) -> int:
        """How many finished entries in the period (and with the tags and framework) are marked."""
        where, params = _entry_filter("done", since, until, tags, framework)
        sql = f"SELECT count(*) FROM entries WHERE {where} AND marked = 1"
        return self.db.execute(sql, params).fetchone()[0]


    def resolve_id(self, prefix: str, *, status: str) -> str:
        """The full id of the entry (or draft) `prefix` names, or a DataError saying why not."""
        noun = "draft" if status == "draft" else "entry"
        return self.db.id_starting("entries", prefix, noun, status)

    def get(self, entry_id: str) -> Entry:
        row = self.db.one(
            f"SELECT {ENTRY_COLUMNS} FROM entries WHERE id = ?",
            [entry_id],
            f"No entry has the id {entry_id}.",
        )
        return self._entries([row])[0]

    def entries(self, **filters: Any) -> list[Entry]:
        """Entries (with steps, tags and actions) filtered as `iter_entries` says, in a list."""
        return list(self.iter_entries(**filters))

    def iter_entries(
        self,
        *,
        status: str = "done",
        since: date | None = None,
        until: date | None = None,
        tags: Iterable[str] = (),
        framework: str | None = None,
        starred: bool = False,
        on_this_day: date | None = None,
        newest_first: bool = False,
        limit: int | None = None,
    ) -> Iterator[Entry]:
        """Entries (with steps, tags and actions) of a status, between two days (inclusive), with
        every tag given and of a framework (only starred ones if `starred`; only those of this
        day in earlier years and months, core/on_this_day.py, if `on_this_day` is today), oldest
        first unless `newest_first`; read ID_CHUNK at a time, so an export of a lifetime's
        journal never holds it all in memory."""
        days = self._days_on_this_day(status, on_this_day) if on_this_day else None
        where, params = _entry_filter(status, since, until, tags, framework, starred, days)
        order = "DESC" if newest_first else "ASC"
        # a few days, found by the (status, day) index: sorted after (+), not read in order
        by = "+created_at" if days is not None else "created_at"
        sql = (
            f"SELECT {ENTRY_COLUMNS} FROM entries"
            f" WHERE {where} ORDER BY {by} {order}, rowid {order}"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        cursor = self.db.conn.cursor()
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(ID_CHUNK):
            yield from self._entries(rows)

    def _days_on_this_day(self, status: str, today: date) -> list[date]:
        """The days whose entries come back on `today` (core/on_this_day.py), from the
        journal's first day on."""
        from reflect_cli.core.on_this_day import days

        sql = "SELECT min(day) FROM entries WHERE status = ?"
        first = self.db.execute(sql, [status]).fetchone()[0]
        return days(today, date.fromisoformat(first)) if first else []

    def _entries(self, rows: list[tuple]) -> list[Entry]:
        entries = {
            row[0]: Entry(
                id=row[0],
                framework=row[1],
                title=row[2] or "",
                status=row[3],
                created_at=row[4],
                updated_at=row[5],
                mood=row[6],
                starred=bool(row[7]),
            )
            for row in rows
        }
        steps: dict[str, Step] = {}  # entries of one framework share their step specs
        ids = list(entries)
        for chunk in range(0, len(ids), ID_CHUNK):  # SQLite limits the parameters of a query
            some = ids[chunk : chunk + ID_CHUNK]
            marks = ",".join("?" * len(some))
            for entry_id, tag in self.db.execute(
                f"SELECT entry_id, tag FROM tags WHERE entry_id IN ({marks}) ORDER BY rowid", some
            ):
                entries[entry_id].tags.append(tag)
            for entry_id, position, spec, answer, answered_at in self.db.execute(
                "SELECT entry_id, position, spec, answer, answered_at FROM steps"
                f" WHERE entry_id IN ({marks}) ORDER BY entry_id, position",
                some,
            ):
                if spec not in steps:
                    steps[spec] = Step.from_spec(json.loads(spec))
                entries[entry_id].steps.append(
                    StepAnswer(steps[spec], position, answer, answered_at is not None)
                )
            for row in self.db.execute(
                "SELECT id, entry_id, text, created_at, done_at, note, due FROM actions"
                f" WHERE entry_id IN ({marks}) ORDER BY entry_id, position",
                some,
            ):
                entries[row[1]].actions.append(Action(*row))
        self.attach_audio(entries)  # which have voice notes (db/audio.py)
        return list(entries.values())

    def counts(self) -> dict[str, int]:
        """Entries, drafts and open actions: the numbers on the home screen."""
        entries, drafts = self.db.execute(
            "SELECT count(*) FILTER (WHERE status = 'done'),"
            " count(*) FILTER (WHERE status = 'draft') FROM entries"
        ).fetchone()
        open_actions = self.db.execute(
            "SELECT count(*) FROM actions WHERE done_at IS NULL"
        ).fetchone()[0]
        return {"entries": entries, "drafts": drafts, "open_actions": open_actions}


def _promised(entry: Entry) -> Iterator[tuple[str, date | None, str]]:
    """The actions an entry promises, in order: each line of its `actions` answers as the
    action's text, the day it is due by, and the line. A line ending in '(by Friday)' or '(in
    2 weeks)' gives that day (counted from the entry's day) and its text without the brackets;
    the answer itself is never changed."""
    from reflect_cli.core.due import split_due

    written_on = date.fromisoformat(entry.created_at[:10])
    for item in entry.steps:
        if item.step.kind == "actions" and item.answer:
            for line in action_lines(item.answer):
                yield (*split_due(line, written_on), line)


def _entry_filter(
    status: str,
    since: date | None,
    until: date | None,
    tags: Iterable[str],
    framework: str | None,
    starred: bool = False,
    days: list[date] | None = None,
) -> tuple[str, list[Any]]:
    """The WHERE clause for entries of a status, between two days (inclusive), with every tag
    given and of a framework; if asked, only starred ones, and only those written on `days`."""
    where = Where()
    where.add("status = ?", status)
    if since:
        where.add("day >= ?", since.isoformat())
    if until:
        where.add("day <= ?", until.isoformat())
    if framework:
        where.add("framework = ?", framework)
    for tag in tags:
        where.add("id IN (SELECT entry_id FROM tags WHERE tag = ?)", tag)
    if starred:
        where.add("starred = 1")
    if days is not None:  # written into the SQL (ISO dates: digits and '-' only), as there may
        # be more of them than SQLite takes parameters
        where.add(f"day IN ({', '.join(repr(day.isoformat()) for day in days) or 'NULL'})")
    return where.clause()

