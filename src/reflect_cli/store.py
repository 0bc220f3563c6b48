"""The only module that knows the tables. Every write is one `BEGIN IMMEDIATE` transaction."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect_cli import clock, paths
from reflect_cli.errors import DataError
from reflect_cli.frameworks import Framework, Step

if TYPE_CHECKING:
    from sqlite_utils import Database

SQLITE_HEADER = b"SQLite format 3\x00"
MIN_ID_PREFIX = 6
BUSY_TIMEOUT_SECONDS = 10.0


@dataclass
class StepAnswer:
    step: Step
    position: int
    answer: str | None
    answered: bool


@dataclass
class Action:
    id: str
    entry_id: str
    text: str
    created_at: str
    done_at: str | None = None
    note: str | None = None


@dataclass
class Entry:
    id: str
    framework: str
    title: str
    status: str
    created_at: str
    updated_at: str
    mood: int | None
    tags: list[str] = field(default_factory=list)
    steps: list[StepAnswer] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    def next_step(self) -> StepAnswer | None:
        """The first step not yet answered (where a draft resumes)."""
        return next((s for s in self.steps if not s.answered), None)

    def answered_count(self) -> int:
        return sum(1 for s in self.steps if s.answered)


def action_lines(answer: str) -> list[str]:
    """The actions in an `actions` answer: one per non-empty line, list markers removed."""
    lines = []
    for raw in answer.splitlines():
        line = raw.strip().lstrip("-*•").strip()
        head, dot, rest = line.partition(". ")
        if dot and head.isdigit():
            line = rest.strip()
        if line:
            lines.append(line)
    return lines


def default_title(steps: Iterable[StepAnswer]) -> str:
    """The first line of the first written answer, cut at a word near 60 characters."""
    for item in steps:
        if item.step.kind in ("text", "line") and item.answer and item.answer.strip():
            first = item.answer.strip().splitlines()[0].strip()
            if len(first) <= 60:
                return first
            return first[:60].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return ""


class Store:
    """A reflect database file. Open with `Store.open(path)`."""

    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating if needed) a reflect database; refuse foreign or newer files untouched."""
        from sqlite_utils import Database

        from reflect_cli.migrations import KNOWN_MIGRATIONS, migrations

        _check_file(path)
        _create_private_file(path)
        try:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)
            _check_schema(conn, path, KNOWN_MIGRATIONS)
            db = Database(conn, execute_plugins=False)
            store = cls(db, path)
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.enable_wal()
            conn.execute("PRAGMA foreign_keys = ON")
            if migrations.pending(db):
                with store.transaction():
                    migrations.apply(db)
        except sqlite3.DatabaseError as exc:
            raise DataError(
                f"Could not open the database {path}: {exc}.",
                "Check the path, or choose another with --db PATH.",
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
            self.db["entries"].insert(
                {
                    "id": entry_id,
                    "framework": framework.id,
                    "title": title,
                    "status": "draft",
                    "created_at": clock.to_iso(moment),
                    "day": moment.date().isoformat(),
                    "updated_at": stamp,
                    "mood": None,
                }
            )
            self.db["steps"].insert_all(
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
            self.db["entries"].update(entry_id, updates)

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
                self.db["actions"].insert_all(actions)
            self.db["entries"].update(
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
            self.db["tags"].insert_all(rows, ignore=True)

    # -- reading -----------------------------------------------------------------------------

    def resolve_id(self, prefix: str, *, status: str) -> str:
        """The full id of the entry (or draft) `prefix` names, or a DataError saying why not."""
        noun = "draft" if status == "draft" else "entry"
        prefix = prefix.strip().lower()
        if len(prefix) < MIN_ID_PREFIX:
            raise DataError(
                f"'{prefix}' is too short to name {'a' if noun == 'draft' else 'an'} {noun}.",
                f"Give at least {MIN_ID_PREFIX} characters of its id.",
            )
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.db.execute(
            "SELECT id FROM entries WHERE status = ? AND id LIKE ? ESCAPE '\\' LIMIT 2",
            [status, escaped + "%"],
        ).fetchall()
        if not rows:
            listing = "reflect drafts" if status == "draft" else "reflect list"
            raise DataError(
                f"No {noun} has an id starting '{prefix}'.", f"See them with: {listing}"
            )
        if len(rows) > 1:
            raise DataError(
                f"More than one {noun} has an id starting '{prefix}'.",
                "Give a few more characters of the id.",
            )
        return rows[0][0]

    def get(self, entry_id: str) -> Entry:
        row = self.db.execute(
            "SELECT id, framework, title, status, created_at, updated_at, mood"
            " FROM entries WHERE id = ?",
            [entry_id],
        ).fetchone()
        if row is None:
            raise DataError(f"No entry has the id {entry_id}.")
        return self._entries([row])[0]

    def entries(
        self,
        *,
        status: str = "done",
        since: date | None = None,
        until: date | None = None,
        tags: Iterable[str] = (),
        framework: str | None = None,
        newest_first: bool = False,
        limit: int | None = None,
    ) -> list[Entry]:
        """Entries (with steps, tags and actions) filtered by day, tag and framework."""
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
        order = "DESC" if newest_first else "ASC"
        sql = (
            "SELECT id, framework, title, status, created_at, updated_at, mood FROM entries"
            f" WHERE {' AND '.join(where)} ORDER BY created_at {order}, rowid {order}"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._entries(self.db.execute(sql, params).fetchall())

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
        if not entries:
            return []
        ids = list(entries)
        marks = ",".join("?" * len(ids))
        for entry_id, tag in self.db.execute(
            f"SELECT entry_id, tag FROM tags WHERE entry_id IN ({marks}) ORDER BY rowid", ids
        ):
            entries[entry_id].tags.append(tag)
        for entry_id, position, spec, answer, answered_at in self.db.execute(
            "SELECT entry_id, position, spec, answer, answered_at FROM steps"
            f" WHERE entry_id IN ({marks}) ORDER BY entry_id, position",
            ids,
        ):
            entries[entry_id].steps.append(
                StepAnswer(
                    Step.from_spec(json.loads(spec)), position, answer, answered_at is not None
                )
            )
        for row in self.db.execute(
            "SELECT id, entry_id, text, created_at, done_at, note FROM actions"
            f" WHERE entry_id IN ({marks}) ORDER BY entry_id, position",
            ids,
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


def open_store(override: str | os.PathLike[str] | None = None) -> Store:
    """Open the database the command line and environment point at."""
    return Store.open(paths.db_path(override))


def _check_file(path: Path) -> None:
    """Refuse, without touching it, a path that is a directory or a file that is not SQLite."""
    if path.is_dir():
        raise DataError(
            f"{path} is a directory, not a database file.", "Give a file path with --db."
        )
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DataError(f"Cannot read {path}: {exc.strerror}.", "Check its permissions.") from None
    if header != SQLITE_HEADER:
        raise DataError(
            f"{path} is not a reflect database (it is not an SQLite file). It was left untouched.",
            "Choose another file with --db PATH or REFLECT_DB.",
        )


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


def _check_schema(conn: sqlite3.Connection, path: Path, known: list[str]) -> None:
    """Refuse a database that belongs to another program or to a newer reflect."""
    from reflect_cli.migrations import MIGRATION_SET

    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not tables:
        return
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
