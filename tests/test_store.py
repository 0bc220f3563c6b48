"""The store and its migrations, against a real database file."""

from __future__ import annotations

import sqlite3
import stat
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from reflect_cli.core import frameworks
from reflect_cli.db.migrations import KNOWN_MIGRATIONS
from reflect_cli.db.store import Store
from reflect_cli.errors import DataError
from reflect_cli.model import action_lines, default_title


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_fresh_database_has_the_documented_tables(store: Store, db_path: Path) -> None:
    found = tables(db_path)
    assert {"entries", "steps", "tags", "actions", "entries_fts", "steps_fts"} <= found
    with sqlite3.connect(db_path) as conn:
        applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert applied == KNOWN_MIGRATIONS
    assert mode == "wal"


def test_database_file_is_private(store: Store, db_path: Path) -> None:
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700


def test_opening_twice_applies_nothing_new(db_path: Path) -> None:
    Store.open(db_path).close()
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == len(
            KNOWN_MIGRATIONS
        )


def test_upgrade_path_applies_pending_migrations_and_keeps_data(db_path: Path) -> None:
    """A database migrated only up to an older version gets the rest on open, rows intact."""
    from sqlite_utils import Database

    from reflect_cli.db.migrations import migration_set

    migrations = migration_set()
    db_path.parent.mkdir(parents=True)
    older = Database(str(db_path))
    migrations.apply(older, stop_before=KNOWN_MIGRATIONS[-1])
    older.close()
    assert [m.name for m in migrations.pending(Database(str(db_path)))] == KNOWN_MIGRATIONS[-1:]
    store = Store.open(db_path)
    assert migrations.pending(Database(store.db.conn)) == []
    entry = store.create_entry(frameworks.get("rolfe"), {"what": "kept"})
    store.close()
    assert Store.open(db_path).get(entry.id).steps[0].answer == "kept"


def test_foreign_file_is_refused_and_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_text("my shopping list\n")
    with pytest.raises(DataError, match="not a reflect database"):
        Store.open(db_path)
    assert db_path.read_text() == "my shopping list\n"


def test_other_sqlite_database_is_refused_and_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE patients (name TEXT)")
    before = db_path.read_bytes()
    with pytest.raises(DataError, match="not a reflect one"):
        Store.open(db_path)
    assert db_path.read_bytes() == before
    assert not Path(str(db_path) + "-wal").exists()


def test_newer_database_is_refused(db_path: Path) -> None:
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('reflect', 'm999_from_the_future', '2030-01-01')"
        )
    with pytest.raises(DataError, match="newer version"):
        Store.open(db_path)


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="is a directory"):
        Store.open(tmp_path)


def test_draft_saves_each_answer_and_finish_makes_actions(store: Store) -> None:
    gibbs = frameworks.get("gibbs")
    entry_id = store.start_draft(gibbs, tags=["handover", "handover"])
    store.save_answer(entry_id, "description", "A handover was missed.")
    draft = store.get(entry_id)
    assert draft.status == "draft"
    assert draft.answered_count() == 1
    assert draft.next_step().step.key == "feelings"
    assert draft.tags == ["handover"]
    store.save_answer(entry_id, "action_plan", "- Use SBAR\n2. Ask for help earlier\n\n")
    done = store.finish(entry_id)
    assert done.status == "done"
    assert done.title == "A handover was missed."
    assert [a.text for a in done.actions] == ["Use SBAR", "Ask for help earlier"]
    assert all(s.answered for s in done.steps)
    assert [s.step.question for s in done.steps] == [s.question for s in gibbs.steps]


def test_partial_answer_is_kept_but_not_counted(store: Store) -> None:
    entry_id = store.start_draft(frameworks.get("rolfe"))
    store.save_answer(entry_id, "what", "half a thought", final=False)
    draft = store.get(entry_id)
    assert draft.steps[0].answer == "half a thought"
    assert draft.answered_count() == 0


def test_mood_comes_from_the_mood_scale(store: Store) -> None:
    entry = store.create_entry(frameworks.get("quick"), {"mood": "4", "what_mattered": "x"})
    assert entry.mood == 4


def test_question_is_kept_as_asked(store: Store, prompts_dir: Path) -> None:
    entry = store.create_entry(frameworks.get("rolfe"), {"what": "it"})
    (prompts_dir / "rolfe.yaml").write_text(
        "name: Changed\nsteps:\n  - key: what\n    question: A new question?\n"
    )
    assert frameworks.get("rolfe").steps[0].question == "A new question?"
    assert store.get(entry.id).steps[0].step.question != "A new question?"


def test_failed_write_leaves_nothing_behind(store: Store) -> None:
    rolfe = frameworks.get("rolfe")
    with pytest.raises(DataError):
        store.create_entry(rolfe, {"what": "ok", "nope": "no such step"})
    assert store.counts() == {"entries": 0, "drafts": 0, "open_actions": 0}


def test_entries_filters_by_day_tag_and_framework(store: Store) -> None:
    tz = timezone(timedelta(hours=3))
    rolfe, quick = frameworks.get("rolfe"), frameworks.get("quick")
    store.create_entry(
        rolfe, {"what": "old"}, tags=["a"], created_at=datetime(2026, 1, 5, 23, 30, tzinfo=tz)
    )
    store.create_entry(
        quick,
        {"what_mattered": "new"},
        tags=["b"],
        created_at=datetime(2026, 2, 1, 8, 0, tzinfo=tz),
    )
    assert [e.title for e in store.entries()] == ["old", "new"]
    assert [e.title for e in store.entries(newest_first=True, limit=1)] == ["new"]
    since = datetime(2026, 1, 6).date()
    assert [e.title for e in store.entries(since=since)] == ["new"]
    assert [e.title for e in store.entries(until=since)] == ["old"]
    assert [e.title for e in store.entries(tags=["a"])] == ["old"]
    assert [e.title for e in store.entries(framework="quick")] == ["new"]
    # the day is the local day it was written, not the UTC day
    assert store.entries(since=datetime(2026, 1, 5).date(), until=datetime(2026, 1, 5).date())


def test_resolve_id_by_prefix(store: Store) -> None:
    entry = store.create_entry(frameworks.get("rolfe"), {"what": "x"})
    assert store.resolve_id(entry.id[:6], status="done") == entry.id
    assert store.resolve_id(entry.id.upper()[:8], status="done") == entry.id
    with pytest.raises(DataError, match="too short"):
        store.resolve_id(entry.id[:3], status="done")
    with pytest.raises(DataError, match="No entry"):
        store.resolve_id("ffffffffff", status="done")
    with pytest.raises(DataError, match="No draft"):
        store.resolve_id(entry.id[:8], status="draft")
    with pytest.raises(DataError, match="No entry"):
        store.resolve_id("%%%%%%", status="done")


def test_ambiguous_prefix(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import uuid

    ids = iter(
        [
            uuid.UUID("abcdef00-0000-4000-8000-000000000001"),
            uuid.UUID("abcdef00-0000-4000-8000-000000000002"),
        ]
    )
    monkeypatch.setattr("reflect_cli.db.entries.uuid.uuid4", lambda: next(ids))
    rolfe = frameworks.get("rolfe")
    store.start_draft(rolfe)
    store.start_draft(rolfe)
    with pytest.raises(DataError, match="More than one"):
        store.resolve_id("abcdef", status="draft")
    assert store.resolve_id("abcdef00-0000-4000-8000-000000000002", status="draft").endswith("2")


def test_two_connections_writing_at_once_both_succeed(db_path: Path) -> None:
    Store.open(db_path).close()
    rolfe = frameworks.get("rolfe")
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            own = Store.open(db_path)
            for i in range(25):
                own.create_entry(rolfe, {"what": f"{n}-{i}"})
            own.close()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Store.open(db_path).counts()["entries"] == 50


def test_fts_index_follows_answers(store: Store) -> None:
    entry = store.create_entry(frameworks.get("rolfe"), {"what": "sepsis screening"})
    hits = store.db.execute("SELECT rowid FROM steps_fts WHERE steps_fts MATCH 'sepsis'").fetchall()
    assert len(hits) == 1
    store.save_answer(entry.id, "what", "fluid balance")
    assert not store.db.execute(
        "SELECT rowid FROM steps_fts WHERE steps_fts MATCH 'sepsis'"
    ).fetchall()


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("one\ntwo", ["one", "two"]),
        ("- one\n* two\n• three", ["one", "two", "three"]),
        ("1. one\n2. two", ["one", "two"]),
        ("\n  \n", []),
        ("Give 2. paracetamol", ["Give 2. paracetamol"]),
    ],
)
def test_action_lines(answer: str, expected: list[str]) -> None:
    assert action_lines(answer) == expected


def test_default_title_is_the_whole_first_line() -> None:
    from reflect_cli.model import Step, StepAnswer

    long = "Night shift on a medical ward. At the 22:00 round I was asked to " * 3
    title = default_title([StepAnswer(Step("a", "A", "Q?"), 1, long + "\nsecond line", True)])
    assert title == long.strip()
    assert default_title([StepAnswer(Step("m", "M", "Q?", kind="scale"), 1, "3", True)]) == ""
