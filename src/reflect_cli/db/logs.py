"""The revalidation logs in the journal (tables of m006_revalidation): CPD activities, feedback,
practice hours and reflective discussions, each added, read, changed and deleted by id, and
read back between two days. Every write is one `BEGIN IMMEDIATE` transaction."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any

from reflect_cli.core import clock

if TYPE_CHECKING:
    from reflect_cli.core.logs import CpdActivity, Discussion, Feedback, PracticeHours
    from reflect_cli.db.connection import Tables

    Record = CpdActivity | Feedback | PracticeHours | Discussion
# core.logs (five dataclasses, ~8 ms to define) is imported where a log is read or written, not
# when the store opens: every quick entry opens the store.

# table -> (the noun in messages, its columns in the order the rows are read)
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "cpd": ("CPD activity", ("id", "day", "topic", "hours", "participatory", "method", "note",
                             "points", "entry_id", "created_at", "updated_at")),
    "feedback": ("piece of feedback", ("id", "day", "source", "text", "entry_id", "marked",
                                       "created_at", "updated_at")),
    "practice": ("practice record", ("id", "hours", "start_day", "end_day", "role",
                                     "created_at", "updated_at")),
    "discussions": ("discussion", ("id", "day", "partner_name", "partner_pin", "partner_email",
                                   "created_at", "updated_at")),
}
KINDS: dict[str, str] = {"CpdActivity": "cpd", "Feedback": "feedback", "PracticeHours": "practice",
                         "Discussion": "discussions"}


def table_of(record: Record) -> str:
    """The table a record lives in."""
    return KINDS[type(record).__name__]


def row_of(record: Record) -> dict[str, Any]:
    """The table row for a record (its links, standards and accounts discussed, apart)."""
    from reflect_cli.core.logs import CpdActivity, Feedback, PracticeHours

    values = dataclasses.asdict(record)
    if isinstance(record, PracticeHours):
        values["start_day"], values["end_day"] = values.pop("start"), values.pop("end")
    if isinstance(record, (CpdActivity, Feedback)):
        values[{CpdActivity: "participatory", Feedback: "marked"}[type(record)]] = int(
            record.participatory if isinstance(record, CpdActivity) else record.marked)
    columns = TABLES[table_of(record)][1]
    return {column: values[column] for column in columns}


def _record(table: str, row: tuple, extra: dict[str, Any]) -> Record:
    from reflect_cli.core.logs import CpdActivity, Discussion, Feedback, PracticeHours

    values = dict(zip(TABLES[table][1], row, strict=True))
    if table == "cpd":
        return CpdActivity(**{**values, "participatory": bool(values["participatory"]),
                              "standards": tuple(extra.get(values["id"], ()))})
    if table == "feedback":
        return Feedback(**{**values, "marked": bool(values["marked"])})
    if table == "practice":
        values["start"], values["end"] = values.pop("start_day"), values.pop("end_day")
        return PracticeHours(**values)
    return Discussion(**values, entry_ids=tuple(extra.get(values["id"], ())))


class LogQueries:
    """Adding, reading, changing and deleting the logs (mixed into Store)."""

    db: Tables
    transaction: Callable[[], AbstractContextManager[None]]

    def add_record(self, record: Record) -> Record:
        """Save a new record (its id and times are made here) and return it as saved."""
        stamp = clock.to_iso(clock.now())
        record = dataclasses.replace(record, id=str(uuid.uuid4()), created_at=stamp,
                                     updated_at=stamp)
        with self.transaction():
            self.db.insert(table_of(record), row_of(record))
            self._write_links(record)
        return self.record(table_of(record), record.id)

    def update_record(self, record: Record) -> Record:
        """Save a changed record over the one with its id; `updated_at` becomes now."""
        record = dataclasses.replace(record, updated_at=clock.to_iso(clock.now()))
        table = table_of(record)
        row = row_of(record)
        with self.transaction():
            self.db.update(table, record.id, {k: v for k, v in row.items() if k != "id"})
            self._write_links(record)
        return self.record(table, record.id)

    def _write_links(self, record: Record) -> None:
        """A CPD activity's standards and a discussion's accounts, as the record has them."""
        from reflect_cli.core.logs import CpdActivity, Discussion

        if isinstance(record, CpdActivity):
            self.db.execute("DELETE FROM standard_links WHERE kind = 'cpd' AND item_id = ?",
                            [record.id])
            self.db.insert_all("standard_links", [
                {"kind": "cpd", "item_id": record.id, "standard": s} for s in record.standards
            ], ignore=True)
        elif isinstance(record, Discussion):
            self.db.execute("DELETE FROM discussion_entries WHERE discussion_id = ?", [record.id])
            self.db.insert_all("discussion_entries", [
                {"discussion_id": record.id, "entry_id": e, "position": n}
                for n, e in enumerate(dict.fromkeys(record.entry_ids), start=1)
            ])

    def resolve_record_id(self, table: str, prefix: str) -> str:
        """The full id of the record of `table` that `prefix` names (6+ characters)."""
        return self.db.id_starting(table, prefix, TABLES[table][0])

    def record(self, table: str, record_id: str) -> Record:
        found = self._records(table, "id = ?", [record_id])
        if not found:
            from reflect_cli.errors import JournalError

            raise JournalError(f"No {TABLES[table][0]} has the id {record_id}.")
        return found[0]

    def delete_record(self, table: str, record_id: str) -> None:
        with self.transaction():
            self.db.execute(f"DELETE FROM {table} WHERE id = ?", [record_id])
            if table == "cpd":
                self.db.execute("DELETE FROM standard_links WHERE kind = 'cpd' AND item_id = ?",
                                [record_id])
            elif table == "discussions":
                self.db.execute("DELETE FROM discussion_entries WHERE discussion_id = ?",
                                [record_id])

    def set_feedback_marks(self, marks: dict[str, bool]) -> None:
        """Mark (or unmark) pieces of feedback as possibly identifying someone; `updated_at`
        stays as it was."""
        with self.transaction():
            self.db.conn.executemany(
                "UPDATE feedback SET marked = ? WHERE id = ?",
                [(int(m), record_id) for record_id, m in marks.items()],
            )

    # -- reading between two days -------------------------------------------------------------

    def cpd_activities(self, since: date | None = None, until: date | None = None
                       ) -> list[CpdActivity]:
        return self._between("cpd", since, until)  # type: ignore[return-value]

    def feedback_items(self, since: date | None = None, until: date | None = None
                       ) -> list[Feedback]:
        return self._between("feedback", since, until)  # type: ignore[return-value]

    def discussions(self, since: date | None = None, until: date | None = None
                    ) -> list[Discussion]:
        return self._between("discussions", since, until)  # type: ignore[return-value]

    def practice_records(self, since: date | None = None, until: date | None = None
                         ) -> list[PracticeHours]:
        """Practice records with at least one day from `since` to `until`, oldest first."""
        conditions, params = ["1"], []
        if since:
            conditions.append("end_day >= ?")
            params.append(since.isoformat())
        if until:
            conditions.append("start_day <= ?")
            params.append(until.isoformat())
        return self._records("practice", " AND ".join(conditions), params,
                             "start_day, created_at")  # type: ignore[return-value]

    def _between(self, table: str, since: date | None, until: date | None) -> list[Record]:
        """The records of `table` dated from `since` to `until` (inclusive), oldest first."""
        conditions, params = ["1"], []
        if since:
            conditions.append("day >= ?")
            params.append(since.isoformat())
        if until:
            conditions.append("day <= ?")
            params.append(until.isoformat())
        return self._records(table, " AND ".join(conditions), params, "day, created_at")

    def _records(self, table: str, where: str, params: Iterable[Any], order: str = "rowid"
                 ) -> list[Record]:
        columns = ", ".join(TABLES[table][1])
        rows = self.db.execute(
            f"SELECT {columns} FROM {table} WHERE {where} ORDER BY {order}", list(params)
        ).fetchall()
        extra: dict[str, list[str]] = {}
        ids = [row[0] for row in rows]
        if table in ("cpd", "discussions") and ids:
            sql = ("SELECT item_id, standard FROM standard_links WHERE kind = 'cpd'"
                   " AND item_id IN ({}) ORDER BY rowid" if table == "cpd" else
                   "SELECT discussion_id, entry_id FROM discussion_entries"
                   " WHERE discussion_id IN ({}) ORDER BY discussion_id, position")
            for chunk in range(0, len(ids), 500):
                some = ids[chunk : chunk + 500]
                for key, value in self.db.execute(sql.format(",".join("?" * len(some))), some):
                    extra.setdefault(key, []).append(value)
        return [_record(table, row, extra) for row in rows]
