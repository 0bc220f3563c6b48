"""The database schema, as an ordered list of small named migrations applied on every open.

Tables (plain, so `sqlite3` or datasette can read them):

- `entries`: one row per reflection; `status` is 'draft' until the guided flow finishes;
  `marked` (by the identifier guard) and `starred` (by its writer) are 0 or 1.
- `steps`: one row per question of an entry, with the question as it was asked and the answer;
  `answered_at` is NULL while the question is still to be answered (a draft may hold text typed
  before Ctrl-C there); `spec` keeps the step's full definition so a draft resumes as it began.
- `tags`: (entry_id, tag).
- `actions`: the action-plan lines of finished entries, with `done_at`, `note` and `due`.
- `entries_fts`, `steps_fts`: FTS5 indexes over titles and answers, kept in step by triggers.
- `audio`: voice notes (their samples, compressed losslessly) and whose transcript they have.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "reflect"
MIGRATIONS: list[Callable[[Database], None]] = []
KNOWN_MIGRATIONS: list[str] = []


def migration(fn: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register `fn` as the next migration (its name is how the database records it)."""
    MIGRATIONS.append(fn)
    KNOWN_MIGRATIONS.append(fn.__name__)
    return fn


@cache
def migration_set() -> Migrations:
    """The sqlite-utils migration set, built only when a database needs upgrading: importing
    sqlite-utils costs more than everyday commands may spend."""
    from sqlite_utils.migrations import Migrations

    found = Migrations(MIGRATION_SET)
    for fn in MIGRATIONS:
        found()(fn)
    return found


@migration
def m001_initial(db: Database) -> None:
    db["entries"].create(
        {
            "id": str,
            "framework": str,
            "title": str,
            "status": str,
            "created_at": str,
            "day": str,
            "updated_at": str,
            "mood": int,
        },
        pk="id",
        not_null={"framework", "status", "created_at", "day", "updated_at"},
        defaults={"title": "", "status": "draft"},
    )
    db["entries"].create_index(["status", "day"])
    db["steps"].create(
        {
            "entry_id": str,
            "position": int,
            "key": str,
            "title": str,
            "question": str,
            "kind": str,
            "spec": str,
            "answer": str,
            "answered_at": str,
        },
        pk=("entry_id", "key"),
        foreign_keys=[("entry_id", "entries", "id")],
        not_null={"entry_id", "position", "key", "kind"},
    )
    db["tags"].create(
        {"entry_id": str, "tag": str},
        pk=("entry_id", "tag"),
        foreign_keys=[("entry_id", "entries", "id")],
    )
    db["tags"].create_index(["tag"])
    db["actions"].create(
        {
            "id": str,
            "entry_id": str,
            "position": int,
            "text": str,
            "created_at": str,
            "done_at": str,
            "note": str,
        },
        pk="id",
        foreign_keys=[("entry_id", "entries", "id")],
        not_null={"entry_id", "text", "created_at"},
    )
    db["actions"].create_index(["entry_id"])
    db["actions"].create_index(["done_at"])
    db["entries"].enable_fts(["title"], create_triggers=True, tokenize="porter")
    db["steps"].enable_fts(["answer"], create_triggers=True, tokenize="porter")


@migration
def m002_privacy_marks(db: Database) -> None:
    """`entries.marked`: 1 when the identifier guard (guard.py) found something in the entry
    that could identify someone. Entries written before it are checked once, here, for the
    patterns alone (the user's listed names join in with `reflect check`)."""
    from reflect_cli.core import guard

    db.execute("ALTER TABLE entries ADD COLUMN marked INTEGER NOT NULL DEFAULT 0")
    texts = {
        entry_id: [title or ""]
        for entry_id, title in db.execute("SELECT id, title FROM entries WHERE status = 'done'")
    }
    for entry_id, answer in db.execute(
        "SELECT entry_id, answer FROM steps WHERE kind NOT IN ('scale', 'choice')"
    ).fetchall():
        if entry_id in texts and answer:
            texts[entry_id].append(answer)
    for entry_id, parts in texts.items():
        if any(guard.find(part) for part in parts):
            db.execute("UPDATE entries SET marked = 1 WHERE id = ?", [entry_id])


@migration
def m003_everyday_indexes(db: Database) -> None:
    """Indexes for what every day asks: the newest entries, and open actions oldest first."""
    db["entries"].create_index(["status", "created_at"], if_not_exists=True)
    db["actions"].create_index(["done_at", "created_at", "position"], if_not_exists=True)
    db["actions"].create_index(["created_at", "position"], if_not_exists=True)


@migration
def m004_stars(db: Database) -> None:
    """`entries.starred`: 1 for an entry its writer starred, to find it again; a partial index
    holds only the starred ones, so listing them reads only those."""
    db.execute("ALTER TABLE entries ADD COLUMN starred INTEGER NOT NULL DEFAULT 0")
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_entries_starred ON entries(status, created_at)"
        " WHERE starred = 1"
    )


@migration
def m005_action_due_dates(db: Database) -> None:
    """`actions.due`: the ISO day an action is due by (`(by Friday)` at the end of its line, or
    set later), NULL when it has none; indexed for the open actions that are due."""
    db.execute("ALTER TABLE actions ADD COLUMN due TEXT")
    db["actions"].create_index(["done_at", "due"], if_not_exists=True)


@migration
def m006_revalidation(db: Database) -> None:
    """The revalidation logs and what links evidence together (core/logs.py, db/logs.py):
    `cpd` (activities; `points` NULL for one an hour), `feedback` (in the writer's words,
    `marked` by the identifier guard), `practice` (hours over `start_day`..`end_day`),
    `discussions` with `discussion_entries` (the accounts discussed), `standard_links`
    (`kind` 'entry' or 'cpd', the item's id, a standard such as 'nmc:4'), `entry_projects`
    (the quality-improvement project a reflection belongs to; `project_key` its name folded
    for lookup) and `declarations` (a profile's item ticked, and when)."""
    for sql in (
        "CREATE TABLE cpd (id TEXT PRIMARY KEY, day TEXT NOT NULL, topic TEXT NOT NULL,"
        " hours REAL NOT NULL, points REAL, participatory INTEGER NOT NULL DEFAULT 0,"
        " method TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', entry_id TEXT,"
        " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
        "CREATE INDEX idx_cpd_day ON cpd(day)",
        "CREATE TABLE feedback (id TEXT PRIMARY KEY, day TEXT NOT NULL, source TEXT NOT NULL,"
        " text TEXT NOT NULL, entry_id TEXT, marked INTEGER NOT NULL DEFAULT 0,"
        " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
        "CREATE INDEX idx_feedback_day ON feedback(day)",
        "CREATE TABLE practice (id TEXT PRIMARY KEY, hours REAL NOT NULL,"
        " start_day TEXT NOT NULL, end_day TEXT NOT NULL, role TEXT NOT NULL DEFAULT '',"
        " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
        "CREATE INDEX idx_practice_days ON practice(end_day, start_day)",
        "CREATE TABLE discussions (id TEXT PRIMARY KEY, day TEXT NOT NULL,"
        " partner_name TEXT NOT NULL, partner_pin TEXT NOT NULL,"
        " partner_email TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,"
        " updated_at TEXT NOT NULL)",
        "CREATE TABLE discussion_entries (discussion_id TEXT NOT NULL, entry_id TEXT NOT NULL,"
        " position INTEGER NOT NULL, PRIMARY KEY (discussion_id, entry_id))",
        "CREATE TABLE standard_links (kind TEXT NOT NULL, item_id TEXT NOT NULL,"
        " standard TEXT NOT NULL, PRIMARY KEY (kind, item_id, standard))",
        "CREATE INDEX idx_standard_links_standard ON standard_links(standard)",
        "CREATE TABLE entry_projects (entry_id TEXT PRIMARY KEY, project TEXT NOT NULL,"
        " project_key TEXT NOT NULL)",
        "CREATE INDEX idx_entry_projects_key ON entry_projects(project_key)",
        "CREATE TABLE declarations (profile TEXT NOT NULL, item TEXT NOT NULL,"
        " ticked_at TEXT NOT NULL, PRIMARY KEY (profile, item, ticked_at))",
    ):
        db.execute(sql)


@migration
def m007_audio(db: Database) -> None:
    """`audio`: voice notes, kept in the journal itself (so encryption, backups and deletes
    cover them): the entry and the step whose answer is its transcript, the samples' format,
    `codec` (core/audio.py: 'zlib', the PCM frames compressed losslessly) and `data`, and
    `transcribed_by`, the engine that wrote the transcript (NULL: none). The entry a note
    belongs to is checked at the end of each transaction, so an import can replace it."""
    db.execute(
        "CREATE TABLE audio (id TEXT PRIMARY KEY, entry_id TEXT NOT NULL"
        " REFERENCES entries(id) DEFERRABLE INITIALLY DEFERRED, step_key TEXT NOT NULL,"
        " position INTEGER NOT NULL, created_at TEXT NOT NULL, sample_rate INTEGER NOT NULL,"
        " channels INTEGER NOT NULL, sample_width INTEGER NOT NULL, frames INTEGER NOT NULL,"
        " codec TEXT NOT NULL, transcribed_by TEXT, data BLOB NOT NULL)"
    )
    db.execute("CREATE INDEX idx_audio_entry ON audio(entry_id, position)")
