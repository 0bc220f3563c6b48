"""The only module that knows the tables. Every write is one `BEGIN IMMEDIATE` transaction."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect_cli.core import clock, paths
from reflect_cli.db import crypto
from reflect_cli.errors import DataError
from reflect_cli.model import (
    Action,
    Entry,
    Framework,
    Step,
    StepAnswer,
    action_lines,
    default_title,
)

ActionRow = Action  # one shape; the old name stays until every reader says Action

if TYPE_CHECKING:
    from reflect_cli.core.importer import ImportedEntry, ImportResult
    from reflect_cli.core.searching import SearchHit

SQLITE_HEADER = b"SQLite format 3\x00"
MIN_ID_PREFIX = 6
BUSY_TIMEOUT_SECONDS = 10.0
ID_CHUNK = 500  # ids per query when reading many entries
FTS_TABLES = ("steps_fts", "entries_fts")  # full-text indexes over answers and titles
FTS_COLUMNS = {"entries": "title", "steps": "answer"}  # the column each one indexes
IMPORT_TABLES = ("entries", "steps", "tags", "actions")  # in the order an import writes them
IMPORT_BATCH = 2000  # entries an import gathers before writing them
IMPORT_CACHE_KIB = 128 * 1024  # SQLite's page cache during an import (the default is 2 MiB)
RANKED_MATCHES = 2000  # matches of one search that are ranked by relevance (the most recent)
BUSY_TIMEOUT_ENV = "REFLECT_BUSY_TIMEOUT"  # seconds to wait for another writer (tests shorten it)


def busy_timeout() -> float:
    """How long a write waits for another reflect to finish: REFLECT_BUSY_TIMEOUT, else 10 s."""
    try:
        return max(0.0, float(os.environ.get(BUSY_TIMEOUT_ENV, BUSY_TIMEOUT_SECONDS)))
    except ValueError:
        return BUSY_TIMEOUT_SECONDS


class ActionQueries:
    """Reading and closing tracked actions (mixed into Store)."""

    db: Tables

    def actions(self, *, limit: int | None = None, **narrowing: Any) -> list[Action]:
        """Actions of finished entries, oldest promise first (at most `limit`), narrowed as
        `_action_filter` says."""
        where, params = self._action_filter(**narrowing)
        # CROSS JOIN keeps actions first, so their index gives the order and the limit.
        sql = (
            "SELECT a.id, a.entry_id, a.text, a.created_at, a.done_at, a.note, e.title"
            " FROM actions a CROSS JOIN entries e ON e.id = a.entry_id"
            f" WHERE {where} ORDER BY a.created_at, a.position"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [Action(*row) for row in self.db.execute(sql, params).fetchall()]

    def count_actions(self, **narrowing: Any) -> int:
        where, params = self._action_filter(**narrowing)
        join = " CROSS JOIN entries e ON e.id = a.entry_id" if "e." in where else ""
        return self.db.execute(
            f"SELECT count(*) FROM actions a{join} WHERE {where}", params
        ).fetchone()[0]

    @staticmethod
    def _action_filter(
        *,
        include_done: bool = False,
        promised_before: date | None = None,
        done_from: date | None = None,
        done_until: date | None = None,
        tags: Iterable[str] = (),
        framework: str | None = None,
    ) -> tuple[str, list[Any]]:
        """Open actions (or all, or those done between two days), promised before a day, of
        entries with these tags and framework. Actions exist only for finished entries. Times
        are ISO text with their offset, compared as text so the indexes serve them."""
        where, params = ["1"], []
        if not include_done and done_from is None:
            where.append("a.done_at IS NULL")
        if promised_before:
            where.append("a.created_at < ?")
            params.append(promised_before.isoformat())
        if done_from:
            where.append("a.done_at >= ?")
            params.append(done_from.isoformat())
        if done_until:
            where.append("a.done_at < ?")
            params.append((done_until + timedelta(days=1)).isoformat())
        if framework:
            where.append("e.framework = ?")
            params.append(framework)
        for tag in tags:
            where.append("a.entry_id IN (SELECT entry_id FROM tags WHERE tag = ?)")
            params.append(tag)
        return " AND ".join(where), params

    def resolve_action_id(self, prefix: str) -> str:
        """The full id of the action `prefix` names, or a DataError saying why not."""
        return self._by_prefix("actions", prefix, "an action", "reflect actions --all")

    def _by_prefix(
        self, table: str, prefix: str, noun: str, listing: str, status: str | None = None
    ) -> str:
        """The one id in `table` starting with `prefix` (at least MIN_ID_PREFIX characters)."""
        prefix = prefix.strip().lower()
        if len(prefix) < MIN_ID_PREFIX:
            raise DataError(
                f"'{prefix}' is too short to name {noun}.",
                f"Give at least {MIN_ID_PREFIX} characters of its id (see: {listing}).",
            )
        # ids are lower-case: every id starting with the prefix sorts between it and the prefix
        # followed by the highest character, so the primary key's index finds them at once
        sql = f"SELECT id FROM {table} WHERE id >= ? AND id < ?"
        params = [prefix, prefix + "\U0010ffff"]
        if status is not None:  # (+: look ids up by the primary key, not by status)
            sql += " AND +status = ?"
            params.append(status)
        rows = self.db.execute(sql + " LIMIT 2", params).fetchall()
        thing = noun.split(" ", 1)[1]
        if not rows:
            raise DataError(
                f"No {thing} has an id starting '{prefix}'.", f"See them with: {listing}"
            )
        if len(rows) > 1:
            raise DataError(
                f"More than one {thing} has an id starting '{prefix}'.",
                "Give a few more characters of the id.",
            )
        return rows[0][0]

    def action(self, action_id: str) -> Action:
        row = self.db.execute(
            "SELECT a.id, a.entry_id, a.text, a.created_at, a.done_at, a.note, e.title"
            " FROM actions a JOIN entries e ON e.id = a.entry_id WHERE a.id = ?",
            [action_id],
        ).fetchone()
        if row is None:
            raise DataError(f"No action has the id {action_id}.")
        return Action(*row)

    def mark_done(self, action_id: str, note: str | None) -> Action:
        """Record that an action was done (now), with an optional note on what happened.
        Done again, it keeps its first date and takes the new note."""
        stamp = clock.to_iso(clock.now())
        with self.transaction():  # type: ignore[attr-defined]
            self.db.execute(
                "UPDATE actions SET done_at = coalesce(done_at, ?), note = coalesce(?, note)"
                " WHERE id = ?",
                [stamp, note, action_id],
            )
        return self.action(action_id)

    def days_with_entries(self, until: date) -> Iterator[str]:
        """The days (ISO text) up to `until` with a finished entry, newest first, read lazily:
        the streak stops reading at its first gap."""
        cursor = self.db.execute(
            "SELECT DISTINCT day FROM entries WHERE status = 'done' AND day <= ? ORDER BY day DESC",
            [until.isoformat()],
        )
        return (row[0] for row in cursor)


class Tables:
    """The connection, with the few table writes the store needs (insert, insert many, update)
    in plain SQL, so that everyday commands never import sqlite-utils. A statement run outside
    a transaction is committed at once, as sqlite-utils' `execute` does."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Any = ()) -> Any:
        """Run one statement; `params` is a sequence, or a mapping for `:named` parameters."""
        was_in_transaction = self.conn.in_transaction
        cursor = self.conn.execute(sql, params)
        if not was_in_transaction and self.conn.in_transaction:
            self.conn.commit()
        return cursor

    def insert(self, table: str, row: dict[str, Any]) -> None:
        self.insert_all(table, [row])

    def insert_all(self, table: str, rows: Iterable[dict[str, Any]], ignore: bool = False) -> None:
        rows = list(rows)
        if not rows:
            return
        columns = list(rows[0])
        verb = "INSERT OR IGNORE" if ignore else "INSERT"
        self.conn.executemany(
            f"{verb} INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [[row[c] for c in columns] for row in rows],
        )

    def update(self, table: str, key: str, values: dict[str, Any]) -> None:
        """Update the row whose `id` is `key`."""
        assignments = ", ".join(f"{column} = ?" for column in values)
        self.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*values.values(), key])

    def close(self) -> None:
        self.conn.close()


class Store(ActionQueries):
    """A reflect database file. Open with `Store.open(path)`."""

    def __init__(self, db: Tables, path: Path) -> None:
        self.db = db
        self.path = path

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating if needed) a reflect database; refuse foreign or newer files untouched.
        Pending migrations are applied (with sqlite-utils, imported only then)."""
        from reflect_cli.db.migrations import KNOWN_MIGRATIONS, migration_set

        _check_file(path)
        _clear_leftovers(path)
        _create_private_file(path)
        try:
            conn = crypto.connect(path, timeout=busy_timeout())  # SQLCipher if encrypted
            applied = _check_schema(conn, path, KNOWN_MIGRATIONS)
            store = cls(Tables(conn), path)
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            if set(KNOWN_MIGRATIONS) - applied:
                from sqlite_utils import Database

                with store.transaction():
                    migration_set().apply(Database(conn, execute_plugins=False))
        except crypto.db_errors("DatabaseError") as exc:
            raise DataError(
                f"Could not open the database {path}: {exc}.",
                "It was left untouched. See what to do with: reflect doctor",
            ) from None
        return store

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, taken at once (`BEGIN IMMEDIATE`) so writers queue, not fail."""
        conn = self.db.conn
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- writing -----------------------------------------------------------------------------

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
            row = self.db.execute(
                "SELECT kind, spec FROM steps WHERE entry_id = ? AND key = ?", [entry_id, key]
            ).fetchone()
            if row is None:
                raise DataError(f"This entry has no step '{key}'.")
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
                }
                for position, text in enumerate(
                    (
                        line
                        for item in entry.steps
                        if item.step.kind == "actions" and item.answer
                        for line in action_lines(item.answer)
                    ),
                    start=1,
                )
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

    # -- editing and deleting (reflect edit / reflect delete) ----------------------------------

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
                raise DataError(f"This entry has no step '{unknown[0]}'.")
            updates: dict[str, Any] = {"updated_at": stamp}
            actions_changed = False
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
                self._resync_actions(entry)
        return self.get(entry_id)

    def _resync_actions(self, entry: Entry) -> None:
        """Make the tracked actions match the lines of the entry's `actions` answers."""
        unused = list(entry.actions)
        for position, text in enumerate(
            (
                line
                for item in entry.steps
                if item.step.kind == "actions" and item.answer
                for line in action_lines(item.answer)
            ),
            start=1,
        ):
            kept = next((a for a in unused if a.text == text), None)
            if kept is not None:
                unused.remove(kept)
                self.db.execute("UPDATE actions SET position = ? WHERE id = ?", [position, kept.id])
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
                },
            )
        for gone in unused:
            self.db.execute("DELETE FROM actions WHERE id = ?", [gone.id])

    def delete_entry(self, entry_id: str) -> None:
        """Remove an entry with its steps, tags and actions, in one transaction (the search
        indexes follow through their triggers)."""
        with self.transaction():
            if self.db.execute("SELECT 1 FROM entries WHERE id = ?", [entry_id]).fetchone() is None:
                raise DataError(f"No entry has the id {entry_id}.")
            for table in ("actions", "tags", "steps"):
                self.db.execute(f"DELETE FROM {table} WHERE entry_id = ?", [entry_id])
            self.db.execute("DELETE FROM entries WHERE id = ?", [entry_id])

    # -- importing (reflect import) ----------------------------------------------------------

    def import_entries(
        self,
        entries: Iterable[ImportedEntry],
        mark: Callable[[ImportedEntry], bool] | None = None,
    ) -> ImportResult:
        """Merge checked entries from an export by id, all in one transaction: a new id is
        added; a copy here (entry or draft) with an older `updated_at` is replaced; a copy here
        as new or newer is left alone. An action id already used here gets a new id. Rows are
        written in batches: a lifetime's journal imports in seconds. `mark` says, for each
        entry written, whether it is marked as possibly identifying someone (privacy.py)."""
        from reflect_cli.core.importer import ImportResult

        result = ImportResult()
        # a page cache large enough that one big transaction is not spilled to disk page by page
        self.db.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
        with self.transaction():
            here: dict[str, str] = {}  # updated_at of the entries here, for the current batch
            taken: set[str] = set()  # action ids here or used by this import
            rows: dict[str, list[dict[str, Any]]] = {t: [] for t in IMPORT_TABLES}
            specs: dict[tuple, str] = {}
            with self._indexing_after(FTS_COLUMNS):
                looked_up = self._looked_up(entries, here, taken)
                for count, entry in enumerate(looked_up, start=1):
                    if count % IMPORT_BATCH == 0:  # write as it goes: memory stays small
                        self._write_batch(rows)
                    if entry.id in here and not self._is_newer(entry.updated_at, here[entry.id]):
                        result.unchanged += 1
                        continue
                    if entry.id in here:
                        for table in ("steps", "tags", "actions"):
                            self.db.execute(f"DELETE FROM {table} WHERE entry_id = ?", [entry.id])
                        self.db.execute("DELETE FROM entries WHERE id = ?", [entry.id])
                        result.updated += 1
                    else:
                        result.added += 1
                    result.written.append(entry.id)
                    rows["entries"].append(
                        {
                            "id": entry.id,
                            "framework": entry.framework,
                            "title": entry.title,
                            "status": "done",
                            "created_at": entry.created_at,
                            "day": datetime.fromisoformat(entry.created_at).date().isoformat(),
                            "updated_at": entry.updated_at,
                            "mood": entry.mood,
                            "marked": int(bool(mark and mark(entry))),
                        }
                    )
                    rows["steps"] += self._imported_steps(entry, specs)
                    rows["tags"] += [
                        {"entry_id": entry.id, "tag": tag}
                        for tag in dict.fromkeys(entry.tags)
                        if tag
                    ]
                    for position, action in enumerate(entry.actions, start=1):
                        fresh = action.id not in taken
                        taken.add(action.id)
                        rows["actions"].append(
                            {
                                "id": action.id if fresh else str(uuid.uuid4()),
                                "entry_id": entry.id,
                                "position": position,
                                "text": action.text,
                                "created_at": entry.created_at,
                                "done_at": action.done_at,
                                "note": action.note,
                            }
                        )
                self._write_batch(rows)
        return result

    def _looked_up(
        self, entries: Iterable[ImportedEntry], here: dict[str, str], taken: set[str]
    ) -> Iterator[ImportedEntry]:
        """`entries`, read IMPORT_BATCH at a time (an import may be a stream: it is never held
        whole); before each batch, `here` is set to the batch's entries already here, and the
        batch's action ids already here are added to `taken`."""
        batch: list[ImportedEntry] = []
        for entry in itertools.chain(entries, [None]):
            if entry is not None:
                batch.append(entry)
                if len(batch) < IMPORT_BATCH:
                    continue
            here.clear()
            here.update(self._existing("entries", "id", "updated_at", [e.id for e in batch]))
            taken.update(
                self._existing("actions", "id", "id", [a.id for e in batch for a in e.actions])
            )
            yield from batch
            batch = []

    @contextlib.contextmanager
    def _indexing_after(self, columns: dict[str, str]) -> Iterator[None]:
        """Rows inserted inside the block reach the full-text indexes in one pass at its end
        (about three times faster than row by row): each table's insert trigger is set aside
        meanwhile and put back after. Must run inside a transaction, like everything here."""
        saved = {}
        for table in columns:
            sql = self.db.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                [f"{table}_ai"],
            ).fetchone()
            last = self.db.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]
            saved[table] = (sql[0] if sql else None, last)
            if sql:
                self.db.execute(f'DROP TRIGGER "{table}_ai"')
        yield
        for table, (sql, last) in saved.items():
            if sql:
                column = columns[table]
                self.db.execute(
                    f"INSERT INTO {table}_fts (rowid, {column})"
                    f" SELECT rowid, {column} FROM {table} WHERE rowid > ?",
                    [last],
                )
                self.db.execute(sql)

    def _write_batch(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        """Insert the rows gathered so far, table by table, and start afresh."""
        for table in IMPORT_TABLES:
            self.db.insert_all(table, rows[table], ignore=table == "tags")
            rows[table].clear()

    def _existing(self, table: str, key: str, value: str, wanted: list[str]) -> dict[str, Any]:
        """{key: value} for the rows of `table` whose `key` is among `wanted`."""
        found: dict[str, Any] = {}
        for chunk in range(0, len(wanted), ID_CHUNK):
            some = wanted[chunk : chunk + ID_CHUNK]
            found.update(
                self.db.execute(
                    f"SELECT {key}, {value} FROM {table}"
                    f" WHERE {key} IN ({','.join('?' * len(some))})",
                    some,
                ).fetchall()
            )
        return found

    @staticmethod
    def _is_newer(imported: str, here: str) -> bool:
        """Whether the imported `updated_at` is later than ours (as moments, not as text)."""
        try:
            return datetime.fromisoformat(imported) > datetime.fromisoformat(here)
        except (TypeError, ValueError):  # ours unreadable or without an offset: trust the file
            return True

    @staticmethod
    def _imported_steps(entry: ImportedEntry, specs: dict[tuple, str]) -> list[dict[str, Any]]:
        """Rows for an imported entry's steps; `specs` caches each distinct step's spec JSON."""
        for item in entry.steps:
            shape = (item.key, item.title, item.question, item.kind)
            if shape not in specs:
                specs[shape] = json.dumps(Step(*shape).to_spec(), ensure_ascii=False)
        return [
            {
                "entry_id": entry.id,
                "position": position,
                "key": item.key,
                "title": item.title,
                "question": item.question,
                "kind": item.kind,
                "spec": specs[(item.key, item.title, item.question, item.kind)],
                "answer": item.answer,
                "answered_at": entry.updated_at,
            }
            for position, item in enumerate(entry.steps, start=1)
        ]

    # -- privacy marks (the identifier guard; see privacy.py) ----------------------------------

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

    # -- reading -----------------------------------------------------------------------------

    def resolve_id(self, prefix: str, *, status: str) -> str:
        """The full id of the entry (or draft) `prefix` names, or a DataError saying why not."""
        if status == "draft":
            return self._by_prefix("entries", prefix, "a draft", "reflect drafts", status)
        return self._by_prefix("entries", prefix, "an entry", "reflect list", status)

    def get(self, entry_id: str) -> Entry:
        row = self.db.execute(
            "SELECT id, framework, title, status, created_at, updated_at, mood"
            " FROM entries WHERE id = ?",
            [entry_id],
        ).fetchone()
        if row is None:
            raise DataError(f"No entry has the id {entry_id}.")
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
        newest_first: bool = False,
        limit: int | None = None,
    ) -> Iterator[Entry]:
        """Entries (with steps, tags and actions) of a status, between two days (inclusive), with
        every tag given and of a framework, oldest first unless `newest_first`; read ID_CHUNK
        at a time, so an export of a lifetime's journal never holds it all in memory."""
        where, params = _entry_filter(status, since, until, tags, framework)
        order = "DESC" if newest_first else "ASC"
        sql = (
            "SELECT id, framework, title, status, created_at, updated_at, mood FROM entries"
            f" WHERE {where} ORDER BY created_at {order}, rowid {order}"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        cursor = self.db.conn.cursor()
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(ID_CHUNK):
            yield from self._entries(rows)

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
                "SELECT id, entry_id, text, created_at, done_at, note FROM actions"
                f" WHERE entry_id IN ({marks}) ORDER BY entry_id, position",
                some,
            ):
                entries[row[1]].actions.append(Action(*row))
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

    # -- search ------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Finished entries holding every word of `query` (stemmed) in their title or answers,
        best first, one hit per entry. Any text is a valid query: each word is quoted, and text
        with no words at all (emoji, punctuation) is matched literally instead."""
        from reflect_cli.core import searching

        quoted = searching.phrases(query)
        if quoted:
            hits = self._search_ranked(quoted, limit)
            if len(hits) < limit and len(quoted) > 1:  # words spread over several answers
                hits = self._search_fts(quoted, limit)
            return hits
        pieces = searching.like_pieces(query)
        return self._search_literal(pieces, limit) if pieces else []

    def _search_ranked(self, quoted: list[str], limit: int) -> list[SearchHit]:
        """The fast way, for any size of journal: the best-ranked answers and titles holding
        every word (FTS5 ranks inside the index and stops at a limit), one hit per entry, a
        title match adding to its entry's score; snippets only for the hits shown. A word found
        in more than RANKED_MATCHES answers (or titles) is ranked among the most recent of them."""
        from reflect_cli.core.searching import SearchHit

        every = " ".join(quoted)
        pool = int(limit) * 4  # room for drafts and scale answers, filtered out below
        ranked_rows = {table: self._best_matches(table, every, pool) for table in FTS_TABLES}
        entry_of = dict(
            self.db.execute(
                f"SELECT rowid, entry_id FROM steps WHERE kind != 'scale' AND rowid IN"
                f" ({','.join('?' * len(ranked_rows['steps_fts']))})",
                [rowid for rowid, _ in ranked_rows["steps_fts"]],
            ).fetchall()
        )
        best: dict[str, tuple[float, str, int]] = {}  # entry id -> (score, table, fts rowid)
        for rowid, score in ranked_rows["steps_fts"]:
            entry_id = entry_of.get(rowid)
            if entry_id and (entry_id not in best or score < best[entry_id][0]):
                best[entry_id] = (score, "steps_fts", rowid)
        scores = {entry_id: score for entry_id, (score, _, _) in best.items()}
        titles = dict(
            self.db.execute(
                f"SELECT rowid, id FROM entries WHERE rowid IN"
                f" ({','.join('?' * len(ranked_rows['entries_fts']))})",
                [rowid for rowid, _ in ranked_rows["entries_fts"]],
            ).fetchall()
        )
        for rowid, score in ranked_rows["entries_fts"]:
            entry_id = titles[rowid]
            scores[entry_id] = scores.get(entry_id, 0.0) + score
            best.setdefault(entry_id, (score, "entries_fts", rowid))
        if not scores:
            return []
        rows = self.db.execute(
            "SELECT id, framework, created_at, title FROM entries"
            f" WHERE id IN ({','.join('?' * len(scores))}) AND +status = 'done'",
            list(scores),
        ).fetchall()
        ranked = sorted(rows, key=lambda row: row[2], reverse=True)  # newest first on ties
        ranked.sort(key=lambda row: scores[row[0]])
        ranked = ranked[: int(limit)]
        snippets = self._snippets([best[row[0]][1:] for row in ranked], " OR ".join(quoted))
        return [
            SearchHit(
                entry_id,
                framework,
                created_at,
                title or "",
                scores[entry_id],
                snippets.get(best[entry_id][1:], ""),
            )
            for entry_id, framework, created_at, title in ranked
        ]

    def _snippets(self, hits: list[tuple[str, int]], query: str) -> dict[tuple[str, int], str]:
        """The snippet of each (fts table, rowid) for the FTS5 `query`: made from the start of
        the text only (searching.Snippets), so its cost is bounded whatever the text."""
        from reflect_cli.core.searching import SNIPPET_SOURCE, Snippets

        if not hits:
            return {}
        maker = Snippets()
        snippets: dict[tuple[str, int], str] = {}
        for table in FTS_TABLES:
            wanted = [rowid for name, rowid in hits if name == table]
            column = FTS_COLUMNS[table.removesuffix("_fts")]
            for chunk in range(0, len(wanted), ID_CHUNK):
                some = wanted[chunk : chunk + ID_CHUNK]
                for rowid, text in self.db.execute(
                    f"SELECT rowid, substr({column}, 1, ?) FROM {table}"
                    f" WHERE rowid IN ({','.join('?' * len(some))})",
                    [SNIPPET_SOURCE, *some],
                ):
                    snippets[(table, rowid)] = maker.of(text or "", query)
        return snippets

    def _best_matches(self, table: str, query: str, pool: int) -> list[tuple[int, float]]:
        """(rowid, bm25 score) of the `pool` best matches in an FTS table; past RANKED_MATCHES
        matches, only the most recent RANKED_MATCHES are ranked (bm25 over every match of a
        very common word would cost more than a search may spend)."""
        floor = self.db.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            [query, RANKED_MATCHES],
        ).fetchone()
        return self.db.execute(
            f"SELECT rowid, rank FROM {table} WHERE {table} MATCH ? AND rowid > ?"
            " ORDER BY rank LIMIT ?",
            [query, floor[0] if floor else 0, pool],
        ).fetchall()

    def _search_fts(self, quoted: list[str], limit: int) -> list[SearchHit]:
        """bm25 over titles and answers (scale answers left out). An entry must hold every word
        somewhere; its score is its title's plus its best answer's, and the snippet comes from
        that answer (else the title)."""
        from reflect_cli.core.searching import SearchHit

        holds_word = (
            "e.id IN (SELECT s.entry_id FROM steps s WHERE s.kind != 'scale' AND s.rowid IN"
            " (SELECT rowid FROM steps_fts WHERE steps_fts MATCH :w{n})"
            " UNION SELECT x.id FROM entries x WHERE x.rowid IN"
            " (SELECT rowid FROM entries_fts WHERE entries_fts MATCH :w{n}))"
        )
        every_word = " AND ".join(holds_word.format(n=n) for n in range(len(quoted)))
        sql = f"""
            WITH title_hits AS (
                SELECT rowid AS rid, bm25(entries_fts) AS score
                FROM entries_fts WHERE entries_fts MATCH :any
            ),
            step_hits AS (
                SELECT rowid AS rid, bm25(steps_fts) AS score
                FROM steps_fts WHERE steps_fts MATCH :any
            ),
            best_steps AS (
                SELECT entry_id, score, rid FROM (
                    SELECT s.entry_id, h.score, h.rid, row_number() OVER (
                        PARTITION BY s.entry_id ORDER BY h.score, s.position
                    ) AS n
                    FROM step_hits h JOIN steps s ON s.rowid = h.rid
                    WHERE s.kind != 'scale'
                ) WHERE n = 1
            ),
            titles AS (
                SELECT e.id AS entry_id, t.score, t.rid
                FROM title_hits t JOIN entries e ON e.rowid = t.rid
            )
            SELECT e.id, e.framework, e.created_at, e.title,
                   coalesce(t.score, 0) + coalesce(b.score, 0) AS score,
                   b.rid, t.rid
            FROM entries e
            LEFT JOIN titles t ON t.entry_id = e.id
            LEFT JOIN best_steps b ON b.entry_id = e.id
            WHERE e.status = 'done' AND (t.entry_id IS NOT NULL OR b.entry_id IS NOT NULL)
              AND {every_word}
            ORDER BY score, e.created_at DESC
            LIMIT :limit
        """
        params = {f"w{n}": phrase for n, phrase in enumerate(quoted)}
        params.update(any=" OR ".join(quoted), limit=int(limit))
        rows = self.db.execute(sql, params).fetchall()
        where = [  # the snippet comes from the best answer, else from the title
            ("steps_fts", step) if step is not None else ("entries_fts", title)
            for *_, step, title in rows
        ]
        snippets = self._snippets(where, params["any"])
        return [
            SearchHit(*row[:5], snippets.get(place, ""))
            for row, place in zip(rows, where, strict=True)
        ]

    def _search_literal(self, pieces: list[str], limit: int) -> list[SearchHit]:
        """Each piece appearing literally (case-insensitive) in the title or an answer; more
        occurrences (title plus best answer) rank higher, then newer entries."""
        from reflect_cli.core.searching import SearchHit, like_pattern, literal_snippet, occurrences

        any_like = " OR ".join("{column} LIKE ? ESCAPE '\\'" for _ in pieces)
        patterns = [like_pattern(piece) for piece in pieces]
        rows = self.db.execute(
            "SELECT e.id, e.framework, e.created_at, e.title, 0, e.title FROM entries e"
            f" WHERE e.status = 'done' AND ({any_like.format(column='e.title')})"
            " UNION ALL"
            " SELECT e.id, e.framework, e.created_at, e.title, s.position, s.answer"
            " FROM steps s JOIN entries e ON e.id = s.entry_id"
            " WHERE e.status = 'done' AND s.kind != 'scale'"
            f" AND ({any_like.format(column='s.answer')})"
            " ORDER BY 5",
            patterns + patterns,
        ).fetchall()
        found: dict[str, SearchHit] = {}
        seen: dict[str, set[str]] = {}
        title_counts: dict[str, int] = {}
        best_counts: dict[str, int] = {}
        for entry_id, framework, created_at, title, position, text in rows:
            hit = found.setdefault(
                entry_id, SearchHit(entry_id, framework, created_at, title or "", 0.0, "")
            )
            folded = text.casefold()
            seen.setdefault(entry_id, set()).update(p for p in pieces if p.casefold() in folded)
            count = occurrences(text, pieces)
            if position == 0:
                title_counts[entry_id] = count
                hit.snippet = literal_snippet(text, pieces)
            elif count > best_counts.get(entry_id, 0):
                best_counts[entry_id] = count
                hit.snippet = literal_snippet(text, pieces)
            hit.score = -float(title_counts.get(entry_id, 0) + best_counts.get(entry_id, 0))
        complete = [hit for hit in found.values() if len(seen[hit.entry_id]) == len(set(pieces))]
        ranked = sorted(complete, key=lambda h: h.created_at, reverse=True)
        ranked.sort(key=lambda h: h.score)
        return ranked[: int(limit)]


def _entry_filter(
    status: str,
    since: date | None,
    until: date | None,
    tags: Iterable[str],
    framework: str | None,
) -> tuple[str, list[Any]]:
    """The WHERE clause for entries of a status, between two days (inclusive), with every tag
    given and of a framework."""
    where, params = ["status = ?"], [status]
    if since:
        where.append("day >= ?")
        params.append(since.isoformat())
    if until:
        where.append("day <= ?")
        params.append(until.isoformat())
    if framework:
        where.append("framework = ?")
        params.append(framework)
    for tag in tags:
        where.append("id IN (SELECT entry_id FROM tags WHERE tag = ?)")
        params.append(tag)
    return " AND ".join(where), params


def open_store(override: str | os.PathLike[str] | None = None) -> Store:
    """Open the database the command line and environment point at."""
    return Store.open(paths.db_path(override))


def _check_file(path: Path) -> None:
    """Refuse, without touching it, a path that is a directory, anything else that is not a
    regular file (a device, a pipe: never opened, so never waited on), or a file that is not
    SQLite."""
    from reflect_cli.core.files import regular_or_absent

    if path.is_dir():
        raise DataError(
            f"{path} is a directory, not a database file.", "Give a file path with --db."
        )
    if not regular_or_absent(path):
        raise DataError(
            f"{path} is not a regular file (a device or a pipe, perhaps), so it cannot be a"
            " journal. It was left untouched.",
            "Give the path of a database file with --db PATH or REFLECT_DB.",
        )
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DataError(f"Cannot read {path}: {exc.strerror}.", "Check its permissions.") from None
    if header != SQLITE_HEADER and not crypto.may_be_encrypted(path):
        raise DataError(
            f"{path} is not a reflect database (it is not an SQLite file). It was left untouched.",
            "Choose another file with --db PATH or REFLECT_DB.",
        )


def _clear_leftovers(path: Path) -> None:
    """Remove copies of the journal left by a reflect that was killed half-way (leftovers.py)."""
    from reflect_cli.core import leftovers

    with contextlib.suppress(OSError):
        leftovers.clear(path)


def _create_private_file(path: Path) -> None:
    """Create the database file `0600` in a `0700` directory, unless it exists already."""
    if path.exists():
        return
    try:
        paths.ensure_private_dir(path.parent)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except FileExistsError:
        return
    except OSError as exc:
        raise DataError(
            f"Cannot create the database at {path}: {exc.strerror}.",
            "Choose a folder you can write to with --db PATH or REFLECT_DB.",
        ) from None


def _check_schema(conn: sqlite3.Connection, path: Path, known: list[str]) -> set[str]:
    """The migrations applied to the database; refuse one that belongs to another program or
    to a newer reflect."""
    from reflect_cli.db.migrations import MIGRATION_SET

    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not tables:
        return set()
    if "_sqlite_migrations" not in tables:
        raise DataError(
            f"{path} is an SQLite database, but not a reflect one. It was left untouched.",
            "Choose another file with --db PATH or REFLECT_DB.",
        )
    applied = {
        row[0]
        for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
        )
    }
    if not applied and tables - {"_sqlite_migrations"}:
        raise DataError(
            f"{path} is an SQLite database, but not a reflect one. It was left untouched.",
            "Choose another file with --db PATH or REFLECT_DB.",
        )
    if applied - set(known):
        raise DataError(
            f"{path} was written by a newer version of reflect. It was left untouched.",
            "Upgrade reflect (pip install --upgrade reflect-cli) to open it.",
        )
    return applied
