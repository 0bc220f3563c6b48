"""The identifier guard in the commands: the guard a guided entry asks with, and the mark and
the warning after an entry is saved, edited, imported or has an action closed with a note (see
privacy.py). With `[guard] enabled = false` in the settings, all of these do nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect_cli.core import privacy
from reflect_cli.model import short_id
from reflect_cli.output import console
from reflect_cli.output.screens.privacy import marked_note, privacy_warning

if TYPE_CHECKING:
    from reflect_cli.core.config import Config
    from reflect_cli.core.guard import Words
    from reflect_cli.core.importer import ImportedEntry
    from reflect_cli.core.session import Guard
    from reflect_cli.db.store import Store
    from reflect_cli.model import Action, Entry

SAVED = "Saved as you wrote it. Some of it could identify someone, so it is marked:"
EDITED = "Your changes are saved. Some of it could still identify someone, so it is marked:"
NOTED = "Your note is saved. Some of it could identify someone, so the entry is marked:"


def guided_guard(settings: Config) -> Guard | None:
    """The guard for a guided entry: shows what it found and asks edit, keep or stop."""
    if not settings.guard_enabled:
        return None
    from reflect_cli.output import ask

    return privacy.answer_guard(settings.guard_words, ask.choose_about_findings)


def after_save(store: Store, entry: Entry, settings: Config, *, guided: bool) -> None:
    """Mark a new entry if anything in it could identify someone. Without questions, say what
    (on stderr); after questions the user has seen it already, so one quiet line is enough."""
    if not settings.guard_enabled:
        return
    found = privacy.recheck(store, [entry], settings.guard_words)[entry.id]
    if not found:
        return
    unseen = privacy.distinct(found)
    if guided:  # the answers were shown as they were given; the title and tags were not
        answers = {item.step.key for item in entry.steps}
        seen = {(f.finding.kind, f.finding.text.casefold()) for f in found if f.field in answers}
        unseen = [
            f
            for f in unseen
            if f.field not in answers and (f.finding.kind, f.finding.text.casefold()) not in seen
        ]
    if unseen:
        console.show(privacy_warning(unseen, entry.id, SAVED), err=True)
    else:
        console.show(marked_note())


def after_edit(store: Store, entry: Entry, settings: Config, *, was_marked: bool) -> None:
    """Mark or unmark an edited entry to match what it says now."""
    if not settings.guard_enabled:
        return
    found = privacy.recheck(store, [entry], settings.guard_words)[entry.id]
    if found:
        console.show(privacy_warning(privacy.distinct(found), entry.id, EDITED), err=True)
    elif was_marked:
        console.show("Nothing in it looks as if it could identify anyone now.")


def after_note(store: Store, action: Action, settings: Config) -> None:
    """Mark (or unmark) an entry after one of its actions was closed with a note."""
    if not settings.guard_enabled:
        return
    entry_id = action.entry_id
    found = privacy.recheck(store, [store.get(entry_id)], settings.guard_words)[entry_id]
    if found:
        change = f'reflect actions done {short_id(action.id)} --note "…"'
        console.show(privacy_warning(privacy.distinct(found), entry_id, NOTED, change), err=True)


class ImportMarks:
    """Given to `Store.import_entries`: for each entry written, whether its text could identify
    someone (so it is marked as it is written, with no second pass); `count` of those."""

    def __init__(self, names: Words) -> None:
        self.names = names
        self.count = 0

    def __call__(self, entry: ImportedEntry) -> bool:
        risky = privacy.imported_is_risky(entry, self.names)
        self.count += risky
        return risky


def import_marks(settings: Config) -> ImportMarks | None:
    """What marks an import's entries, or None with the guard switched off."""
    return ImportMarks(settings.guard_words) if settings.guard_enabled else None


def after_import(marks: ImportMarks | None) -> int:
    """Say how many of the entries an import wrote are marked; how many there are."""
    count = marks.count if marks else 0
    if count:
        noun = "entry" if count == 1 else "entries"
        console.show(
            f"{count} imported {noun} may identify someone; they are marked, and exports leave"
            " them out unless you ask. See: reflect check",
            style="yellow",
            err=True,
        )
    return count
