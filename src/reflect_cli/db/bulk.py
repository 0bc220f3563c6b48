"""Importing an export: checked entries (core/importer.py) merged by id in one transaction,
written in batches with the search indexes filled in one pass at the end."""

from __future__ import annotations

import contextlib
import itertools
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from reflect_cli.db.entries import ID_CHUNK
from reflect_cli.db.search import FTS_COLUMNS
from reflect_cli.model import Step

if TYPE_CHECKING:
    from reflect_cli.core.importer import ImportedEntry, ImportResult
    from reflect_cli.db.connection import Tables

IMPORT_TABLES = ("entries", "steps", "tags", "actions")  # in the order an import writes them
IMPORT_BATCH = 2000  # entries an import gathers before writing them
IMPORT_CACHE_KIB = 128 * 1024  # SQLite's page cache during an import (the default is 2 MiB)


class BulkImport:
    """Importing many entries at once (mixed into Store)."""

    db: Tables
    transaction: Callable[[], AbstractContextManager[None]]
    merge_imported_audio: Callable[[ImportedEntry], None]

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
                    self.merge_imported_audio(entry)  # by their own ids (db/audio.py)
                    starred = entry.starred  # a star here is kept, and one in the file added
                    if entry.id in here and not self._is_newer(entry.updated_at, here[entry.id]):
                        result.unchanged += 1
                        if starred:
                            self.db.execute("UPDATE entries SET starred = 1 WHERE id = ?"
                                            " AND starred = 0", [entry.id])
                        continue
                    if entry.id in here:
                        starred = starred or bool(self.db.execute(
                            "SELECT starred FROM entries WHERE id = ?", [entry.id]).fetchone()[0])
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
                            "starred": int(starred),
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
                                "due": action.due,
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

