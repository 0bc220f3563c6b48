"""`reflect doctor`: check the journal and its surroundings, and say what to do about each problem.

`run()` returns a list of `Check`s and never raises for a problem it finds: a missing, foreign or
damaged file is a failed check, not an error. It never creates the database and never writes to
it; `fix()` does the safe repairs (permissions, rebuilding the search index) when asked.
"""

from __future__ import annotations

import os
import shlex
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reflect_cli.core import paths
from reflect_cli.core.backup import default_dir as backup_dir
from reflect_cli.core.backup import human_size
from reflect_cli.core.files import regular_or_absent
from reflect_cli.db import connection, maintenance
from reflect_cli.db.connection import SQLITE_HEADER
from reflect_cli.errors import ForeignJournal, NewerJournal, ReflectError

CHECK_TIMEOUT_SECONDS = 5.0
FIX_HINT = "reflect doctor --fix does this for you"

# what --fix can do about a failed check
FIX_FILE_MODE = "file-mode"
FIX_FOLDER_MODE = "folder-mode"
FIX_SEARCH = "rebuild-search"
FIX_LEFTOVERS = "remove-leftovers"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    advice: str | None = None
    fix: str | None = None  # what `reflect doctor --fix` would do, if it can help


def run(
    db_path: Path, prompts_dir: Path | None = None, config_file: Path | None = None
) -> list[Check]:
    """Every check, in the order a person would look: the file, what is in it, the rest."""
    checks = _database_checks(db_path)
    left = _leftovers_check(db_path)
    if left is not None:
        checks.append(left)
    checks.append(_frameworks_check(prompts_dir or paths.user_prompts_dir()))
    checks.append(_settings_check(config_file))
    return checks


def fix(db_path: Path, checks: list[Check]) -> list[str]:
    """Do the safe repairs the failed `checks` offer; say, one sentence each, what was done."""
    wanted = {check.fix for check in checks if not check.ok and check.fix}
    done: list[str] = []
    if FIX_LEFTOVERS in wanted:
        from reflect_cli.core import leftovers

        removed = leftovers.clear(db_path)
        if removed:
            names = ", ".join(left.path.name for left in removed)
            done.append(f"Removed what a stopped reflect left beside your journal: {names}.")
    if not regular_or_absent(db_path):  # never chmod a device, a pipe or what is beside one
        return done
    if FIX_FOLDER_MODE in wanted:
        done.append(_chmod(db_path.parent, 0o700))
    if FIX_FILE_MODE in wanted:
        for path in _database_files(db_path):
            done.append(_chmod(path, 0o600))
    if FIX_SEARCH in wanted:
        try:
            with maintenance.open_for_check(db_path, CHECK_TIMEOUT_SECONDS) as conn:
                maintenance.rebuild_search_index(conn)
                done.append("Rebuilt the search index from your entries.")
        except connection.db_errors("Error") as exc:
            done.append(f"Could not repair the database: {exc}. Nothing in it was changed.")
        except ReflectError as exc:
            done.append(f"Could not open the database to repair it: {exc.message}")
    return done


# -- the database ------------------------------------------------------------------------------


def _database_checks(db_path: Path) -> list[Check]:
    if db_path.is_dir():
        return [
            Check(
                "Database",
                False,
                f"{db_path} is a folder, not a database file.",
                "Give a file path with --db PATH or REFLECT_DB.",
            )
        ]
    if not regular_or_absent(db_path):  # never opened: a pipe would keep doctor waiting
        return [
            Check(
                "Database",
                False,
                f"{db_path} is not a regular file (a device or a pipe, perhaps), so it cannot "
                "be a journal. It was left untouched.",
                "Give the path of a database file with --db PATH or REFLECT_DB.",
            )
        ]
    if not db_path.exists():
        return [_not_created_yet(db_path)]
    checks = [_file_access(db_path), _folder_access(db_path)]
    if os.name == "posix":
        checks += [_file_mode(db_path), _folder_mode(db_path)]
    try:
        with db_path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        return [*checks, Check("Contents", False, f"Cannot read {db_path}: {exc.strerror}.")]
    if not header:
        return [*checks, Check("Contents", True, "empty; it is set up the first time you write")]
    if header != SQLITE_HEADER and not connection.may_be_encrypted(db_path):
        return [
            *checks,
            Check(
                "Contents",
                False,
                "this is not an SQLite file, so not a reflect journal. It was left untouched.",
                "Point reflect at your journal with --db PATH, or move this file aside.",
            ),
        ]
    encrypted = header != SQLITE_HEADER
    try:
        with maintenance.open_for_check(db_path, CHECK_TIMEOUT_SECONDS) as conn:
            if encrypted:
                checks.append(Check("Encryption", True, "encrypted; the passphrase opens it"))
            checks += _inside(conn, db_path)
    except ReflectError as exc:  # encrypted: no passphrase, a wrong one, or no SQLCipher here
        checks.append(Check("Encryption", False, exc.message, exc.hint))
    except connection.db_errors("Error") as exc:  # could not even open it
        checks.append(_damaged(db_path, str(exc)))
    return checks


def _not_created_yet(db_path: Path) -> Check:
    existing = db_path.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing.is_dir() and os.access(existing, os.W_OK | os.X_OK):
        return Check(
            "Database", True, f"no database yet; it is created the first time you write ({db_path})"
        )
    return Check(
        "Database",
        False,
        f"no database yet, and it cannot be created at {db_path}: {existing} is not a folder "
        "you can write to.",
        "Choose a folder you can write to with --db PATH or REFLECT_DB.",
    )


def _file_access(db_path: Path) -> Check:
    size = db_path.stat().st_size
    if os.access(db_path, os.R_OK | os.W_OK):
        return Check("Database", True, f"{db_path} ({human_size(size)})")
    return Check(
        "Database",
        False,
        f"{db_path} cannot be read and written by you.",
        f"Run: chmod 600 {shlex.quote(str(db_path))}",
        FIX_FILE_MODE,
    )


def _folder_access(db_path: Path) -> Check:
    folder = db_path.parent
    if os.access(folder, os.W_OK | os.X_OK):
        return Check("Folder", True, f"{folder} can be written (reflect keeps its WAL files there)")
    return Check(
        "Folder",
        False,
        f"{folder} cannot be written, so reflect cannot save anything.",
        f"Run: chmod 700 {shlex.quote(str(folder))}",
        FIX_FOLDER_MODE if _is_reflects_own(db_path) else None,
    )


def _file_mode(db_path: Path) -> Check:
    loose = [
        (path, stat.S_IMODE(path.stat().st_mode))
        for path in _database_files(db_path)
        if stat.S_IMODE(path.stat().st_mode) != 0o600
    ]
    if not loose:
        return Check("File permissions", True, "only you can read and write it (600)")
    names = ", ".join(f"{path.name} is {mode:o}" for path, mode in loose)
    files = " ".join(shlex.quote(str(path)) for path, _ in loose)
    return Check(
        "File permissions",
        False,
        f"should be 600, readable and writable by you alone: {names}.",
        f"Run: chmod 600 {files}  ({FIX_HINT})",
        FIX_FILE_MODE,
    )


def _folder_mode(db_path: Path) -> Check:
    """Reflect's own folder should be 700. A folder shared with other files (--db elsewhere) is
    left to its owner, as long as others cannot remove or replace the journal in it."""
    folder = db_path.parent
    mode = stat.S_IMODE(folder.stat().st_mode)
    if mode == 0o700:
        return Check("Folder permissions", True, "only you can open the folder (700)")
    command = f"chmod 700 {shlex.quote(str(folder))}"
    if _is_reflects_own(db_path):
        return Check(
            "Folder permissions",
            False,
            f"{folder} is {mode:o}; it should be 700, so only you can look inside.",
            f"Run: {command}  ({FIX_HINT})",
            FIX_FOLDER_MODE,
        )
    if mode & 0o022 and not mode & stat.S_ISVTX:
        return Check(
            "Folder permissions",
            False,
            f"{folder} is {mode:o}: others can write there, so they could remove or replace "
            "your journal.",
            f"Move the journal to a folder of its own (--db PATH), or run: {command}",
        )
    return Check(
        "Folder permissions",
        True,
        f"{folder} is {mode:o} and holds other files too; the journal itself is private",
    )


def _is_reflects_own(db_path: Path) -> bool:
    """Whether the folder holds nothing but this journal and reflect's own files (so that
    `--fix` may make it private without surprising anyone)."""
    ours = {p.name for p in _database_files(db_path)} | {
        f"{db_path.name}-journal",
        "backups",
        "recovered",
        "venv",  # reflect itself, put there by make install (scripts/install.py)
    }
    try:
        return all(child.name in ours for child in db_path.parent.iterdir())
    except OSError:
        return False


def _database_files(db_path: Path) -> list[Path]:
    """The database and the WAL files beside it (they hold the same text); only regular files."""
    found = [db_path]
    for suffix in ("-wal", "-shm"):
        extra = db_path.with_name(db_path.name + suffix)
        if extra.exists() and regular_or_absent(extra):
            found.append(extra)
    return found


def _leftovers_check(db_path: Path) -> Check | None:
    """Copies left by a reflect stopped half-way (leftovers.py), plain ones first; None if
    there are none (or only ones a running reflect is working on)."""
    from reflect_cli.core import leftovers

    if not regular_or_absent(db_path):
        return None
    found = [left for left in leftovers.find(db_path) if not left.in_use]
    if not found:
        return None
    plain = [left for left in found if left.plain]
    said = []
    for left in found:
        kind = "a plain, unencrypted copy" if left.plain else "a copy"
        said.append(
            f"{kind} of your journal from a stopped reflect {left.made_by}: {left.path.name}"
            f" ({human_size(left.size)})"
        )
    files = " ".join(shlex.quote(str(p)) for left in found for p in left.files() if p.exists())
    return Check(
        "Leftovers",
        False,
        "; ".join(said) + ".",
        ("Anyone who can read it can read your reflections. " if plain else "")
        + f"The next reflect command removes it, or: rm {files}  ({FIX_HINT})",
        FIX_LEFTOVERS,
    )


def _damaged(db_path: Path, detail: str) -> Check:
    return Check(
        "Integrity",
        False,
        f"the file is damaged ({detail}).",
        "Keep a copy of it as it is, then restore your latest backup "
        f"(from {backup_dir(db_path)}, or wherever you keep them).",
    )


def _inside(conn: Any, db_path: Path) -> list[Check]:
    try:
        problems = maintenance.integrity_problems(conn)
    except connection.db_errors("Error") as exc:
        return [_damaged(db_path, str(exc))]
    checks: list[Check] = [
        Check("Integrity", True, "SQLite's integrity check found nothing wrong")
        if problems == ["ok"]
        else _damaged(db_path, "; ".join(problems[:3]))
    ]
    try:
        schema, has_journal = _schema_check(conn, db_path)
    except connection.db_errors("Error") as exc:
        return [*checks, _damaged(db_path, str(exc))]
    checks.append(schema)
    if not has_journal:  # empty, or not a reflect journal: nothing more to look at
        return checks
    checks.append(_journal_check(conn))
    checks.append(_search_check(conn))
    return checks


def _schema_check(conn: Any, db_path: Path) -> tuple[Check, bool]:
    """The schema check, and whether the file holds reflect's tables to look into. The verdict
    is the one reflect gives when it opens the journal (`check_schema`)."""
    from reflect_cli.db.migrations import KNOWN_MIGRATIONS

    if not maintenance.table_names(conn):
        return Check("Schema", True, "empty; it is set up the first time you write"), False
    try:
        applied = connection.check_schema(conn, db_path, KNOWN_MIGRATIONS)
    except ForeignJournal:
        applied = set()
    except NewerJournal:  # how many changes it does not know, to say so
        applied = maintenance.applied_migrations(conn)
    if not applied:
        return Check(
            "Schema",
            False,
            "an SQLite database, but not a reflect one. It was left untouched.",
            "Point reflect at your journal with --db PATH, or move this file aside.",
        ), False
    newer = [name for name in applied if name not in KNOWN_MIGRATIONS]
    if newer:
        return Check(
            "Schema",
            False,
            f"written by a newer reflect ({len(newer)} change(s) this version does not know).",
            "Upgrade reflect (pip install --upgrade reflect-cli) before using this journal.",
        ), True
    missing = [name for name in KNOWN_MIGRATIONS if name not in applied]
    if missing:
        return Check(
            "Schema",
            True,
            f"from an older reflect ({len(applied)} of {len(KNOWN_MIGRATIONS)} changes); it is "
            "upgraded the next time reflect opens it",
        ), True
    done = f"up to date ({len(applied)} of {len(KNOWN_MIGRATIONS)} changes)"
    return Check("Schema", True, done), True


def _journal_check(conn: Any) -> Check:
    """WAL lets a reader and a writer work at once. A journal not in WAL mode yet (a backup, a
    file just encrypted) is no problem: reflect turns it on the next time it opens it."""
    mode = maintenance.journal_mode(conn)
    if mode == "wal":
        return Check("WAL mode", True, "on: reading and writing can happen at once")
    return Check(
        "WAL mode",
        True,
        f"not yet (the journal mode is {mode}); reflect turns it on the next time it opens "
        "the journal",
    )


def _search_check(conn: Any) -> Check:
    """FTS5's own check, comparing each index with the rows it indexes."""
    broken = maintenance.search_index_problems(conn)
    if broken is None:
        return Check(
            "Search index",
            False,
            "not checked: another reflect is writing to the journal.",
            "Run reflect doctor again in a moment.",
        )
    if not broken:
        return Check("Search index", True, "matches your entries")
    return Check(
        "Search index",
        False,
        "does not match your entries, so search may miss some: " + ", ".join(broken) + ".",
        f"Rebuild it; your entries are not changed. {FIX_HINT}.",
        FIX_SEARCH,
    )


def _chmod(path: Path, mode: int) -> str:
    if not path.is_dir() and not regular_or_absent(path):
        return f"Left {path} alone: it is not a regular file."
    try:
        os.chmod(path, mode)
    except OSError as exc:
        return f"Could not change the permissions of {path}: {exc.strerror}."
    return f"Set the permissions of {path} to {mode:o}."


# -- frameworks and settings -------------------------------------------------------------------


def _frameworks_check(folder: Path) -> Check:
    from reflect_cli.core import frameworks

    if not folder.exists():
        return Check("Your frameworks", True, f"none yet (you can add them in {folder})")
    if not folder.is_dir():
        return Check(
            "Your frameworks",
            False,
            f"{folder} is a file, not a folder of frameworks.",
            "Point REFLECT_PROMPTS at a folder, or move the file aside.",
        )
    files = sorted(folder.glob("*.yaml"))
    broken = []
    for path in files:
        try:
            frameworks.load_file(path)
        except frameworks.FrameworkFileError:
            broken.append(path)
    if not broken:
        count = f"{len(files)} file{'s' if len(files) != 1 else ''}"
        return Check("Your frameworks", True, f"{count} in {folder}, all fine")
    names = " ".join(shlex.quote(str(path)) for path in broken)
    return Check(
        "Your frameworks",
        False,
        f"{len(broken)} of {len(files)} files cannot be used: "
        + ", ".join(path.name for path in broken)
        + ".",
        f"See what is wrong with: reflect frameworks validate {names}",
    )


def _settings_check(config_file: Path | None) -> Check:
    from reflect_cli.core import config
    from reflect_cli.errors import DataError

    path = config_file or config.config_path()
    if not path.exists():
        return Check("Settings", True, f"none (the defaults; the file would be {path})")
    try:
        config.load(path)
    except DataError as exc:
        return Check("Settings", False, exc.message, exc.hint or "Fix it, or move it aside.")
    return Check("Settings", True, f"{path} is fine")
