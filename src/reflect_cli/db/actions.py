"""Tracked actions: the lines of an entry's action plan, listed, counted, looked up and done."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from reflect_cli.core import clock
from reflect_cli.db.connection import Where
from reflect_cli.model import Action

if TYPE_CHECKING:
    from reflect_cli.db.connection import Tables


class ActionQueries:
    """Reading and closing tracked actions (mixed into Store)."""

    db: Tables
    transaction: Callable[[], AbstractContextManager[None]]

    def actions(self, *, limit: int | None = None, **narrowing: Any) -> list[Action]:
        """Actions of finished entries, oldest promise first (at most `limit`), narrowed as
        `_action_filter` says; with `due_by`, the longest overdue first."""
        where, params = self._action_filter(**narrowing)
        order = "a.created_at, a.position"
        if narrowing.get("due_by") is not None:
            order = f"a.due, {order}"
        # CROSS JOIN keeps actions first, so their index gives the order and the limit.
        sql = (
            "SELECT a.id, a.entry_id, a.text, a.created_at, a.done_at, a.note, a.due, e.title"
            " FROM actions a CROSS JOIN entries e ON e.id = a.entry_id"
            f" WHERE {where} ORDER BY {order}"
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
        due_by: date | None = None,
    ) -> tuple[str, list[Any]]:
        """Open actions (or all, or those done between two days), promised before a day, due
        by a day, of entries with these tags and framework. Actions exist only for finished
        entries. Times are ISO text with their offset, compared as text so the indexes serve
        them."""
        where = Where()
        if not include_done and done_from is None:
            where.add("a.done_at IS NULL")
        if promised_before:
            where.add("a.created_at < ?", promised_before.isoformat())
        if done_from:
            where.add("a.done_at >= ?", done_from.isoformat())
        if done_until:
            where.add("a.done_at < ?", (done_until + timedelta(days=1)).isoformat())
        if due_by:
            where.add("a.due <= ?", due_by.isoformat())  # (NULL, no due day, is never <=)
        if framework:
            where.add("e.framework = ?", framework)
        for tag in tags:
            where.add("a.entry_id IN (SELECT entry_id FROM tags WHERE tag = ?)", tag)
        return where.clause()

    def resolve_action_id(self, prefix: str) -> str:
        """The full id of the action `prefix` names, or a DataError saying why not."""
        return self.db.id_starting("actions", prefix, "action")

    def action(self, action_id: str) -> Action:
        row = self.db.one(
            "SELECT a.id, a.entry_id, a.text, a.created_at, a.done_at, a.note, a.due, e.title"
            " FROM actions a JOIN entries e ON e.id = a.entry_id WHERE a.id = ?",
            [action_id],
            f"No action has the id {action_id}.",
        )
        return Action(*row)

    def mark_done(self, action_id: str, note: str | None) -> Action:
        """Record that an action was done (now), with an optional note on what happened.
        Done again, it keeps its first date and takes the new note."""
        return self.mark_all_done([action_id], note)[0]

    def mark_all_done(self, action_ids: Iterable[str], note: str | None) -> list[Action]:
        """`mark_done` for each of several actions (each once), in one transaction: all are
        done, or none."""
        ids = list(dict.fromkeys(action_ids))
        stamp = clock.to_iso(clock.now())
        with self.transaction():
            for action_id in ids:
                self.db.execute(
                    "UPDATE actions SET done_at = coalesce(done_at, ?), note = coalesce(?, note)"
                    " WHERE id = ?",
                    [stamp, note, action_id],
                )
        return [self.action(action_id) for action_id in ids]

    def set_due(self, action_id: str, due: date | None) -> Action:
        """Set the day an action is due by, or (None) take it away."""
        with self.transaction():
            self.db.execute(
                "UPDATE actions SET due = ? WHERE id = ?",
                [due.isoformat() if due else None, action_id],
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

