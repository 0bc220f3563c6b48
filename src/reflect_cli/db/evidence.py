"""What ties evidence together (tables of m006_revalidation): the standards a reflection is
linked to, the quality-improvement project it belongs to, the declarations ticked; and importing
the logs of an export, merged by id."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reflect_cli.core.logs import Declaration
    from reflect_cli.core.logs_io import ImportedLogs, LogsResult
    from reflect_cli.db.connection import Tables

CHUNK = 500  # ids per query


def project_key(name: str) -> str:
    """A project's name as it is looked up: spaces run together, any case."""
    return " ".join(name.split()).casefold()


class EvidenceQueries:
    """Standards, projects and declarations (mixed into Store)."""

    db: Tables
    transaction: Callable[[], AbstractContextManager[None]]
    record: Callable[..., Any]
    update_record: Callable[..., Any]

    # -- standards linked to reflections ---------------------------------------------------

    def link_standards(self, entry_id: str, standards: Iterable[str]) -> list[str]:
        """Link a reflection to standards (those it has already stay); the ones added."""
        with self.transaction():
            before = set(self.entry_standards([entry_id]).get(entry_id, []))
            added = [s for s in dict.fromkeys(standards) if s not in before]
            self.db.insert_all("standard_links", [
                {"kind": "entry", "item_id": entry_id, "standard": s} for s in added
            ], ignore=True)
        return added

    def unlink_standards(self, entry_id: str, standards: Iterable[str]) -> list[str]:
        """Take standards off a reflection; the ones it had."""
        with self.transaction():
            before = set(self.entry_standards([entry_id]).get(entry_id, []))
            gone = [s for s in dict.fromkeys(standards) if s in before]
            for standard in gone:
                self.db.execute("DELETE FROM standard_links WHERE kind = 'entry' AND item_id = ?"
                                " AND standard = ?", [entry_id, standard])
        return gone

    def entry_standards(self, entry_ids: Iterable[str]) -> dict[str, list[str]]:
        """The standards each of these reflections is linked to, in the order they were linked."""
        found: dict[str, list[str]] = {}
        for some in _chunks(entry_ids):
            for item_id, standard in self.db.execute(
                "SELECT item_id, standard FROM standard_links WHERE kind = 'entry' AND item_id"
                f" IN ({','.join('?' * len(some))}) ORDER BY rowid", some
            ):
                found.setdefault(item_id, []).append(standard)
        return found

    def forget_links(self, entry_id: str) -> None:
        """A deleted reflection's standards and project (the logs that name it keep its id, and
        count it no more: see `existing_entries`). For `delete_entry`, inside its transaction."""
        self.db.execute("DELETE FROM standard_links WHERE kind = 'entry' AND item_id = ?",
                        [entry_id])
        self.db.execute("DELETE FROM entry_projects WHERE entry_id = ?", [entry_id])

    def existing_entries(self, entry_ids: Iterable[str]) -> set[str]:
        """Those of these ids that name a finished reflection in the journal."""
        found: set[str] = set()
        for some in _chunks(entry_ids):
            found.update(row[0] for row in self.db.execute(
                f"SELECT id FROM entries WHERE id IN ({','.join('?' * len(some))})"
                " AND status = 'done'", some))
        return found

    # -- quality-improvement projects ------------------------------------------------------

    def set_project(self, entry_id: str, name: str | None) -> None:
        """Put a reflection in a project (by name, any case: the first spelling is kept), or
        (None) out of any."""
        with self.transaction():
            self.db.execute("DELETE FROM entry_projects WHERE entry_id = ?", [entry_id])
            if name:
                key = project_key(name)
                row = self.db.execute("SELECT project FROM entry_projects WHERE project_key = ?"
                                      " LIMIT 1", [key]).fetchone()
                spelt = row[0] if row else " ".join(name.split())
                self.db.insert("entry_projects",
                               {"entry_id": entry_id, "project": spelt, "project_key": key})

    def projects_of(self, entry_ids: Iterable[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for some in _chunks(entry_ids):
            found.update(self.db.execute(
                "SELECT entry_id, project FROM entry_projects WHERE entry_id IN"
                f" ({','.join('?' * len(some))})", some).fetchall())
        return found

    def project_entry_ids(self, name: str) -> list[str]:
        """The finished reflections of a project, in the order they happened."""
        return [row[0] for row in self.db.execute(
            "SELECT e.id FROM entry_projects p JOIN entries e ON e.id = p.entry_id"
            " WHERE p.project_key = ? AND e.status = 'done' ORDER BY e.created_at, e.rowid",
            [project_key(name)])]

    def projects(self) -> list[tuple[str, int]]:
        """Every project with how many finished reflections it has, by name."""
        return [tuple(row) for row in self.db.execute(
            "SELECT min(p.project), count(*) FROM entry_projects p JOIN entries e"
            " ON e.id = p.entry_id WHERE e.status = 'done' GROUP BY p.project_key"
            " ORDER BY p.project_key")]

    # -- declarations ----------------------------------------------------------------------

    def declarations(self, profile: str | None = None) -> list[Declaration]:
        sql = "SELECT profile, item, ticked_at FROM declarations"
        params: list[Any] = []
        if profile:
            sql += " WHERE profile = ?"
            params.append(profile)
        from reflect_cli.core.logs import Declaration

        return [Declaration(*row) for row in self.db.execute(sql + " ORDER BY ticked_at", params)]

    def tick(self, profile: str, item: str, when: str) -> None:
        with self.transaction():
            self.db.insert_all("declarations", [{"profile": profile, "item": item,
                                                 "ticked_at": when}], ignore=True)

    def untick(self, profile: str, item: str, since: date, until: date) -> int:
        """Take away the ticks of an item from `since` to `until`; how many there were."""
        with self.transaction():
            cursor = self.db.execute(
                "DELETE FROM declarations WHERE profile = ? AND item = ? AND substr(ticked_at,"
                " 1, 10) BETWEEN ? AND ?", [profile, item, since.isoformat(), until.isoformat()])
        return cursor.rowcount

    # -- importing ------------------------------------------------------------------------

    def import_logs(self, logs: ImportedLogs, mark: Callable[[str], bool] | None = None
                    ) -> LogsResult:
        """Merge the logs of an export by id, as entries are: a record not here is added, one
        here is replaced by the file's copy only if that was changed later. Links and ticks
        are added, never taken away; a project is set where a reflection has none. `mark` says
        whether a piece of feedback's text may identify someone."""
        from reflect_cli.core.logs import Feedback
        from reflect_cli.core.logs_io import LogsResult

        result = LogsResult()
        with self.transaction():
            for record in logs.records:
                table = _table_of(record)
                if isinstance(record, Feedback) and mark is not None:
                    record = dataclasses.replace(record, marked=mark(record.text))
                row = self.db.execute(f"SELECT updated_at FROM {table} WHERE id = ?",
                                      [record.id]).fetchone()
                if row is None:
                    from reflect_cli.db.logs import row_of

                    self.db.insert(table, row_of(record))
                    self._write_links(record)  # type: ignore[attr-defined]
                    result.added += 1
                elif _later(record.updated_at, row[0]):
                    self.update_record(record)
                    self.db.execute(f"UPDATE {table} SET updated_at = ? WHERE id = ?",
                                    [record.updated_at, record.id])
                    result.updated += 1
                else:
                    result.unchanged += 1
            for declaration in logs.declarations:
                self.tick(declaration.profile, declaration.item, declaration.ticked_at)
            here = self.existing_entries(link.entry_id for link in logs.links)
            projects = self.projects_of(here)
            for link in logs.links:
                if link.entry_id not in here:
                    continue
                self.link_standards(link.entry_id, link.standards)
                if link.project and link.entry_id not in projects:
                    self.set_project(link.entry_id, link.project)
        return result


def _table_of(record: Any) -> str:
    from reflect_cli.db.logs import table_of

    return table_of(record)


def _later(imported: str, here: str) -> bool:
    try:
        return datetime.fromisoformat(imported) > datetime.fromisoformat(here)
    except (TypeError, ValueError):
        return True


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    wanted = list(dict.fromkeys(ids))
    for start in range(0, len(wanted), CHUNK):
        yield wanted[start : start + CHUNK]
