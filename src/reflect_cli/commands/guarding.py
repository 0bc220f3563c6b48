"""The identifier guard in the commands: the guard a guided entry asks with, and the mark and
the warning after an entry is saved, edited or imported (see privacy.py). With `[guard]
enabled = false` in the settings, all of these do nothing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from reflect_cli import privacy, render

if TYPE_CHECKING:
    from reflect_cli.config import Config
    from reflect_cli.importer import ImportedEntry
    from reflect_cli.session import Guard
    from reflect_cli.store import Entry, Store

SAVED = "Saved as you wrote it. Some of it could identify someone, so it is marked:"
EDITED = "Your changes are saved. Some of it could still identify someone, so it is marked:"


def guided_guard(settings: Config) -> Guard | None:
    """The guard for a guided entry: shows what it found and asks edit, keep or stop."""
    if not settings.guard_enabled:
        return None
    from reflect_cli import ask

    return privacy.answer_guard(settings.guard_names, ask.choose_about_findings)


def after_save(store: Store, entry: Entry, settings: Config, *, guided: bool) -> None:
    """Mark a new entry if anything in it could identify someone. Without questions, say what
    (on stderr); after questions the user has seen it already, so one quiet line is enough."""
    if not settings.guard_enabled:
        return
    found = privacy.recheck(store, [entry], settings.guard_names)[entry.id]
    if not found:
        return
    if guided:
        render.out().print(render.marked_note())
    else:
        render.err().print(render.privacy_warning(privacy.distinct(found), entry.id, SAVED))


def after_edit(store: Store, entry: Entry, settings: Config, *, was_marked: bool) -> None:
    """Mark or unmark an edited entry to match what it says now."""
    if not settings.guard_enabled:
        return
    found = privacy.recheck(store, [entry], settings.guard_names)[entry.id]
    if found:
        render.err().print(render.privacy_warning(privacy.distinct(found), entry.id, EDITED))
    elif was_marked:
        render.out().print("Nothing in it looks as if it could identify anyone now.")


def after_import(
    store: Store, entries: Iterable[ImportedEntry], written: Iterable[str], settings: Config
) -> int:
    """Mark the entries an import wrote whose text could identify someone; how many there are."""
    if not settings.guard_enabled:
        return 0
    wanted = set(written)
    names = tuple(settings.guard_names)
    marks = {
        entry.id: privacy.imported_is_risky(entry, names) for entry in entries if entry.id in wanted
    }
    store.set_marks(marks)
    count = sum(marks.values())
    if count:
        noun = "entry" if count == 1 else "entries"
        render.err().print(
            f"{count} imported {noun} may identify someone; they are marked, and exports leave"
            " them out unless you ask. See: reflect check",
            markup=False,
            style="yellow",
        )
    return count
