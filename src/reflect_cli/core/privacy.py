"""Where the identifier guard (`guard.py`) meets entries, the user's settings and the store.

The guard warns; it never changes what someone wrote. The one exception is an export asked for
with `--redact`, which writes a copy with each finding replaced by a placeholder.

- `free_text`: the one list of an entry's free-text fields the guard looks at (title, written
  answers, tags, action texts and notes; scales and choices are left out: their values come
  from the framework, not the writer). Saving, editing, closing an action, importing and
  `reflect check` all look through it, so what is checked when cannot drift apart.
- `entry_findings`: everything in those fields that could identify someone.
- `answer_guard`: the session's guard for a guided entry (asks what to do, through `choose`).
- `recheck`: find again and mark or unmark the entries in the store (after a save, an edit, an
  import, or `reflect check`).
- `redact_entry`, `leave_out`: what `reflect export` writes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reflect_cli.core import guard, session
from reflect_cli.core.guard import Finding, Words

if TYPE_CHECKING:
    from reflect_cli.core.importer import ImportedEntry
    from reflect_cli.db.store import Store
    from reflect_cli.model import Entry, Step

CHECKED_KINDS = ("text", "line", "actions")

# Given an answer and its findings, returns session.EDIT, session.KEEP or session.STOP.
Choose = Callable[[str, list[Finding]], str]


@dataclass(frozen=True)
class Found:
    """One finding and where it is: `field` is "title", a step's key, "tags", "action" or
    "note"."""

    field: str
    text: str  # the whole text it was found in, for a snippet
    finding: Finding


def free_text(entry: Entry | ImportedEntry) -> list[tuple[str, str]]:
    """(field, text) for every free-text field of an entry, saved or imported: its title,
    written answers, tags, action texts and action notes."""
    parts = [("title", entry.title or "")]
    for item in entry.steps:
        step = getattr(item, "step", item)  # a saved entry's StepAnswer, or an ImportedStep
        if step.kind in CHECKED_KINDS and item.answer:
            parts.append((step.key, item.answer))
    parts += [("tags", tag) for tag in entry.tags]
    parts += [("action", a.text) for a in entry.actions if a.text]
    parts += [("note", a.note) for a in entry.actions if a.note]
    return parts


def imported_is_risky(entry: ImportedEntry, names: Iterable[str] | Words = ()) -> bool:
    """Whether an entry from an export file has anything that could identify someone, read
    from the file, so a large import need not read back."""
    return any(guard.find(text, names) for _, text in free_text(entry) if text)


def entry_findings(entry: Entry, names: Iterable[str] | Words = ()) -> list[Found]:
    names = guard.words_of(names)
    return [
        Found(field, text, finding)
        for field, text in free_text(entry)
        for finding in guard.find(text, names)
    ]


def distinct(found: Iterable[Found]) -> list[Found]:
    """One of each (kind, text), first seen first: a default title repeats its first answer."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for item in found:
        key = (item.finding.kind, item.finding.text.casefold())
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def answer_guard(names: Iterable[str] | Words, choose: Choose) -> session.Guard:
    """The guard a guided entry gives `session.run`: each written answer with findings is
    shown to `choose`, which says whether to edit it, keep it, or stop."""
    names = guard.words_of(names)

    def check(step: Step, answer: str) -> str:
        if step.kind not in CHECKED_KINDS:
            return session.KEEP
        found = guard.find(answer, names)
        return choose(answer, found) if found else session.KEEP

    return check


def recheck(
    store: Store, entries: Iterable[Entry], names: Iterable[str] | Words = ()
) -> dict[str, list[Found]]:
    """Find again in each entry and mark (or unmark) it to match; the findings by entry id."""
    names = guard.words_of(names)
    found = {entry.id: entry_findings(entry, names) for entry in entries}
    store.set_marks({entry_id: bool(items) for entry_id, items in found.items()})
    return found


def redact_entry(entry: Entry, names: Iterable[str] | Words = ()) -> Entry:
    """A copy of `entry` with every finding replaced by its placeholder, e.g. `[phone]`."""
    names = guard.words_of(names)

    def clean(text: str | None) -> str | None:
        return guard.redact(text, guard.find(text, names)) if text else text

    steps = [
        dataclasses.replace(item, answer=clean(item.answer))
        if item.step.kind in CHECKED_KINDS
        else item
        for item in entry.steps
    ]
    actions = [
        dataclasses.replace(a, text=clean(a.text) or "", note=clean(a.note)) for a in entry.actions
    ]
    return dataclasses.replace(
        entry,
        title=clean(entry.title) or "",
        tags=[clean(tag) or "" for tag in entry.tags],
        steps=steps,
        actions=actions,
    )


def leave_out(entry: Entry, marked: set[str], names: tuple[str, ...]) -> bool:
    """Whether an export leaves this entry out: it is marked (saved with a finding), or it
    holds one of the names listed in the settings now (a name added after it was saved)."""
    if entry.id in marked:
        return True
    return bool(names) and any(
        guard.listed_names(text, names) for _, text in free_text(entry)
    )
