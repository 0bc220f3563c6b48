"""Every JSON shape reflect writes, in one place: one shape per thing, whichever command shows
it. The export (`EXPORT_FORMAT`, `EXPORT_VERSION`) and the review carry a version; a change to
any shape adds keys and never removes or renames one, so scripts and old exports keep working.

An action is one object everywhere (`actions --json`, `review --json`, each entry's `actions` in
the export and `show --json`): id, text, entry_id, entry_title, created_at, done_at, note, due.

Plain data in, plain data out: no printing, no database.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from reflect_cli.model import EXPORT_FORMAT, EXPORT_VERSION

if TYPE_CHECKING:
    from datetime import datetime

    from reflect_cli.core.doctor import Check
    from reflect_cli.core.on_this_day import Remembered
    from reflect_cli.core.privacy import Found
    from reflect_cli.core.review import Review
    from reflect_cli.core.searching import SearchHit
    from reflect_cli.model import Action, AudioNote, Entry, Framework

REVIEW_VERSION = 1

Shape = dict[str, Any]

ENTRY_HEAD = ("id", "framework", "created_at", "updated_at")  # an entry's or a draft's first keys
FRAMEWORK_HEAD = ("id", "name", "description", "source")  # both shapes of a framework begin so


def _attributes(source: Any, names: tuple[str, ...]) -> Shape:
    """`source`'s attributes of these names, under the same names, in this order."""
    return {name: getattr(source, name) for name in names}


# -- entries and their actions -------------------------------------------------------------------


def entry_summary(entry: Entry) -> Shape:
    """An entry in brief (`list --json`): everything but its steps and actions."""
    return {
        **_attributes(entry, ENTRY_HEAD),
        "title": entry.title,
        "tags": list(entry.tags),
        "mood": entry.mood,
        "starred": entry.starred,
        "audio": [audio_note(note) for note in entry.audio],
    }


def audio_note(note: AudioNote) -> Shape:
    """A voice note of an entry: the step its transcript answers, its length and format, and
    the engine that transcribed it (null: none). `data` (base64 of the samples as the journal
    keeps them, core/audio.py) only in an export made with --include-audio."""
    shape: Shape = {
        "id": note.id,
        "step": note.step_key,
        "created_at": note.created_at,
        "seconds": round(note.seconds, 2),
        "sample_rate": note.sample_rate,
        "channels": note.channels,
        "sample_width": note.sample_width,
        "frames": note.frames,
        "codec": note.codec,
        "transcribed_by": note.transcribed_by,
    }
    if note.data is not None:
        import base64

        shape["data"] = base64.b64encode(note.data).decode("ascii")
    return shape


def remembered(item: Remembered) -> Shape:
    """An entry from this day in an earlier year or month (`list --on-this-day --json`,
    `review --json`'s `on_this_day`): the entry in brief, and how long ago it was written."""
    return {
        **entry_summary(item.entry),
        "years_ago": item.years,
        "months_ago": item.months,
        "label": item.label,
    }


def entry(entry: Entry) -> Shape:
    """An entry in full (the export, `show --json`): each step keeps the question as it was
    asked."""
    return {
        **entry_summary(entry),
        "steps": [
            {
                "key": item.step.key,
                "title": item.step.title,
                "question": item.step.question,
                "kind": item.step.kind,
                "answer": item.answer or "",
            }
            for item in entry.steps
        ],
        "actions": [action(a, entry.title) for a in entry.actions],
    }


def action(row: Action, entry_title: str = "") -> Shape:
    """A tracked action, the same object wherever it appears. `entry_title` is the title of the
    entry that promised it, for an action read with its entry (one read in a list of actions
    has its own `entry_title`)."""
    return {
        "id": row.id,
        "text": row.text,
        "entry_id": row.entry_id,
        "entry_title": row.entry_title or entry_title,
        "created_at": row.created_at,
        "done_at": row.done_at,
        "note": row.note,
        "due": row.due,
    }


def export_head(exported_at: datetime) -> Shape:
    """The export document's first keys; its `entries` follow, one `entry` each."""
    from reflect_cli.core import clock

    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": clock.to_iso(exported_at),
    }


def draft(draft: Entry) -> Shape:
    """An unfinished entry (`drafts --json`): how far it got and the step it resumes at."""
    return {
        **_attributes(draft, ENTRY_HEAD),
        "answered": draft.answered_count(),
        "steps": len(draft.steps),
        "next_step": (draft.next_step() or draft.steps[-1]).step.key,
    }


def search_hit(hit: SearchHit) -> Shape:
    """One search result (`search --json`): the entry, and its best-matching text unmarked."""
    from reflect_cli.core.searching import plain

    return {
        "id": hit.entry_id,
        "framework": hit.framework,
        "created_at": hit.created_at,
        "title": hit.title,
        "snippet": plain(hit.snippet),
    }


# -- the review ---------------------------------------------------------------------------------


def review(summary: Review) -> Shape:
    """The `review --json` document."""
    return {
        "version": REVIEW_VERSION,
        "period": {
            "start": summary.period.start.isoformat(),
            "end": summary.period.end.isoformat(),
        },
        "total": summary.total,
        "days_reflected": summary.days_reflected,
        "streak": summary.streak,
        "by_framework": summary.by_framework,
        "tags": summary.tags,
        "mood": {"average": summary.mood_average, "by_day": summary.mood_by_day},
        "open_actions": [action(a) for a in summary.open_actions],
        "done_actions": [action(a) for a in summary.done_actions],
        "older_open_actions": [action(a) for a in summary.older_open_actions],
        "older_open_count": summary.older_open_count,
        "due_actions": [action(a) for a in summary.due_actions],
        "due_count": summary.due_count,
        "thin_steps": [asdict(t) for t in summary.thin_steps],
        "entries": [
            {"id": e.id, "framework": e.framework, "created_at": e.created_at, "title": e.title,
             "audio_seconds": e.audio_seconds}
            for e in summary.entries
        ],
        "incidents": summary.incidents,
        "kindness": summary.kindness,
        "nmc": summary.nmc,
        "marked": summary.marked,
        "on_this_day": [remembered(item) for item in summary.on_this_day],
    }


# -- the identifier check ------------------------------------------------------------------------


def finding(item: Found) -> Shape:
    """One thing that could identify someone, and where it is."""
    f = item.finding
    return {
        "field": item.field,
        "kind": f.kind,
        "label": f.label,
        "text": f.text,
        "start": f.start,
        "end": f.end,
        "placeholder": f.placeholder,
        "suggestion": f.suggestion,
    }


def check_report(
    results: list[tuple[Entry, list[Found]]] | None,
    checked: int = 0,
    newly_marked: int = 0,
    cleared: int = 0,
) -> Shape:
    """`check --json`: with `results` None, the check is switched off."""
    if results is None:
        return {"enabled": False, "checked": 0, "marked": 0, "entries": []}
    return {
        "enabled": True,
        "checked": checked,
        "marked": len(results),
        "newly_marked": newly_marked,
        "cleared": cleared,
        "entries": [
            {
                "id": entry.id,
                "created_at": entry.created_at,
                "title": entry.title,
                "findings": [finding(item) for item in items],
            }
            for entry, items in results
        ],
    }


# -- frameworks and doctor -----------------------------------------------------------------------


def framework_summary(framework: Framework) -> Shape:
    """One framework in the list (`frameworks --json`)."""
    return {
        **_attributes(framework, FRAMEWORK_HEAD),
        "file": str(framework.path),
        "builtin": framework.builtin,
        "steps": [s.key for s in framework.steps],
    }


def framework(framework: Framework) -> Shape:
    """One framework in full (`frameworks show --json`): each step as its file defines it."""
    return {
        **_attributes(framework, FRAMEWORK_HEAD),
        "time_limit": framework.time_limit,
        "file": str(framework.path),
        "steps": [s.to_spec() for s in framework.steps],
    }


def doctor_report(checks: list[Check], fixed: list[str]) -> Shape:
    """`doctor --json`: whether all is well, what --fix did, and every check."""
    return {
        "ok": all(check.ok for check in checks),
        "fixed": fixed,
        "checks": [asdict(check) for check in checks],
    }
