"""What the log commands (`reflect cpd`, `feedback`, `practice`, `discussion`) share: their
options, days that cannot be in the future, the reflection a record is linked to, asking before
a delete, the identifier guard on feedback; and the logs' part of `reflect export` and
`reflect import` (the JSON export's optional members: see core/logs_io.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reflect_cli.commands import common
from reflect_cli.core import clock
from reflect_cli.errors import UsageError
from reflect_cli.model import short_id
from reflect_cli.output import console

if TYPE_CHECKING:
    from reflect_cli.core.config import Config
    from reflect_cli.core.logs import Feedback
    from reflect_cli.db.store import Store
    from reflect_cli.model import Entry

RecordIdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="Its id, or its first 6+ characters.")
]
YesOption = Annotated[
    bool, typer.Option("--yes", "-y", help="Delete without asking (for scripts).")
]
EntryLinkOption = Annotated[
    str | None,
    typer.Option("--entry", metavar="ID",
                 help="A reflection of yours on it (its id, 6+ characters)."),
]
NoEntryOption = Annotated[bool, typer.Option("--no-entry", help="Link it to no reflection.")]
StandardsOption = Annotated[
    list[str] | None,
    typer.Option("--standard", metavar="ID",
                 help="A standard it relates to, e.g. nmc:4, nmc:prioritise-people, gmc:domain-1;"
                      " repeat for more."),
]


def day_of(text: str | None, option: str) -> str:
    """An ISO day from `--date`/`--from`/`--to` (today if not given); never in the future."""
    today = clock.now().date()
    day = clock.parse_date(text, option, today) if text else today
    if day > today:
        raise UsageError(f"{option}: {day.isoformat()} is in the future.",
                         f"Give the day it happened, e.g. {option} yesterday.")
    return day.isoformat()


def entry_id_of(store: Store, prefix: str | None) -> str | None:
    """The full id of the reflection `--entry` names (None if not given)."""
    if prefix is None:
        return None
    return store.resolve_id(prefix, status="done")


def linked_entry(store: Store, entry: str | None, no_entry: bool, current: str | None
                 ) -> str | None:
    """`--entry ID` / `--no-entry` on an edit: the reflection linked from now on."""
    if entry is not None and no_entry:
        raise UsageError("Give --entry or --no-entry, not both.")
    if no_entry:
        return None
    return entry_id_of(store, entry) if entry is not None else current


def nothing_to_change(command: str, options: str) -> UsageError:
    return UsageError("There is nothing to change.", f"Give what to change: {command} ID {options}")


def confirm_delete(ctx: typer.Context, yes: bool, command: str, prefix: str, shown: Any) -> bool:
    """Whether to go ahead with a delete: at once with --yes, else after asking (no terminal:
    a UsageError naming --yes)."""
    if yes:
        return True
    if not common.is_interactive(ctx):
        raise UsageError(f"'{command}' asks before deleting, and there is no terminal here to ask.",
                         f"To delete without being asked, pass --yes: {command} {prefix} --yes")
    console.show(shown)
    if not console.confirm("Delete it? It cannot be undone."):
        console.show("Kept.")
        return False
    return True


def delete_record(
    ctx: typer.Context, table: str, record_id: str, yes: bool, command: str, verb: str
) -> None:
    """`reflect cpd|feedback|practice|discussion delete ID` (`command`): the record shown,
    asked about (unless --yes), deleted."""
    store = common.store_from(ctx)
    record = store.record(table, store.resolve_record_id(table, record_id))
    from reflect_cli.output.screens import logs as screens

    if confirm_delete(ctx, yes, command, record_id, screens.saved(table, record, verb=verb)):
        store.delete_record(table, record.id)
        console.show(screens.deleted(table, record))


# -- the identifier guard on feedback ---------------------------------------------------------


def feedback_findings(text: str, settings: Config) -> list:
    """What in a piece of feedback could identify someone ([] with the guard off)."""
    if not settings.guard_enabled:
        return []
    from reflect_cli.core import guard
    from reflect_cli.core.privacy import Found

    return [Found("text", text, f) for f in guard.find(text, settings.guard_words)]


def recheck_feedback(store: Store, settings: Config) -> dict[str, Any]:
    """`reflect check` for the feedback log: each piece read again and marked (or unmarked) to
    match what it says now; `{checked, marked}`, the ids of those marked."""
    from reflect_cli.core import guard

    items = store.feedback_items()
    marks = {f.id: bool(guard.find(f.text, settings.guard_words)) for f in items}
    store.set_feedback_marks({f.id: marks[f.id] for f in items if marks[f.id] != f.marked})
    return {"checked": len(items), "marked": [i for i, m in marks.items() if m]}


LOGGED = "Logged as you wrote it. Some of it could identify someone:"


def warn_log_texts(record_id: str, fields: dict[str, str], settings: Config, change: str) -> None:
    """The identifier guard on a CPD activity's or a practice record's own words (topic,
    method, note, role): what could identify someone is said on stderr. The record is kept as
    written; packs and exports redact it on the way out."""
    if not settings.guard_enabled:
        return
    from reflect_cli.core import guard
    from reflect_cli.core.privacy import Found, distinct
    from reflect_cli.output.screens.privacy import privacy_warning

    found = [
        Found(field, text, f)
        for field, text in fields.items()
        if text
        for f in guard.find(text, settings.guard_words)
    ]
    if found:
        kept = "Packs and export --redact put placeholders in its place."
        console.show(privacy_warning(distinct(found), record_id, LOGGED, change, kept), err=True)


def warn_feedback(record: Feedback, found: list, intro: str) -> None:
    """Say on stderr what was found in a piece of feedback just saved: it is kept and marked."""
    if not found:
        return
    from reflect_cli.core.privacy import distinct
    from reflect_cli.output.screens.privacy import privacy_warning

    change = f'reflect feedback edit {short_id(record.id)} --text "…"'
    console.show(privacy_warning(distinct(found), record.id, intro, change), err=True)


# -- export and import ------------------------------------------------------------------------


def export_members(
    store: Store, settings: Config, entries: Iterator[Entry], filters: dict[str, Any], *,
    include_marked: bool, redact: bool,
) -> tuple[Iterator[Entry], Callable[[], dict[str, Any]]]:
    """For `export --format json`: the entries as they go past (their ids kept), and what
    gives the logs to write after them. The logs of the days chosen by --since/--until go in;
    an export narrowed by --tag or --framework chooses reflections, and takes no logs (only the
    links of the reflections it has). Feedback that may identify someone is left out unless
    --include-marked, or redacted with --redact, as reflections are."""
    from reflect_cli.output import logs_shapes as shapes

    ids: list[str] = []
    left_out = [0]

    def passing() -> Iterator[Entry]:
        for entry in entries:
            ids.append(entry.id)
            yield entry

    def members() -> dict[str, Any]:
        since, until = filters.get("since"), filters.get("until")
        standards = store.entry_standards(ids)
        projects = store.projects_of(ids)
        links = [shapes.entry_link(i, standards.get(i, []), projects.get(i))
                 for i in ids if i in standards or i in projects]
        if filters.get("tags") or filters.get("framework"):
            return {"entry_links": links}
        feedback = []
        for item in store.feedback_items(since, until):
            if redact:
                item = _redacted(item, settings)
            elif settings.guard_enabled and not include_marked and (item.marked or (
                    settings.guard_names and _listed(item.text, settings))):
                left_out[0] += 1
                continue
            feedback.append(shapes.feedback(item))
        cpd, practice = store.cpd_activities(since, until), store.practice_records(since, until)
        if redact:  # the logs' own words, as the reflections'
            cpd = [_redacted(a, settings, "topic", "method", "note") for a in cpd]
            practice = [_redacted(p, settings, "role") for p in practice]
        return {
            "cpd": [shapes.cpd(a) for a in cpd],
            "feedback": feedback,
            "practice": [shapes.practice(p) for p in practice],
            "discussions": [shapes.discussion(d) for d in store.discussions(since, until)],
            "declarations": [shapes.declaration(d) for d in store.declarations()
                             if _between(d.ticked_at[:10], since, until)],
            "entry_links": links,
        }

    def said() -> dict[str, Any]:
        found = members()
        if left_out[0]:
            noun = "piece of feedback was" if left_out[0] == 1 else "pieces of feedback were"
            console.say(f"{left_out[0]} {noun} left out because it may identify someone;"
                        " --redact or --include-marked to include it.", err=True)
        return found

    return passing(), said


def _between(day: str, since: date | None, until: date | None) -> bool:
    return (since is None or day >= since.isoformat()) and (until is None
                                                             or day <= until.isoformat())


def _listed(text: str, settings: Config) -> bool:
    """Whether `text` holds a name listed in the settings now (added after it was saved)."""
    from reflect_cli.core import guard

    return bool(guard.listed_names(text, settings.guard_names))


def _redacted(item: Any, settings: Config, *fields: str) -> Any:
    """A copy of a log record with each of its free-text `fields` (a feedback's text by
    default) redacted."""
    import dataclasses

    from reflect_cli.core import guard

    def clean(text: str) -> str:
        return guard.redact(text, guard.find(text, settings.guard_words)) if text else text

    return dataclasses.replace(item, **{f: clean(getattr(item, f)) for f in fields or ("text",)})


def import_logs(store: Store, head: dict[str, Any], source: str, settings: Config) -> str:
    """After `reflect import` has read the entries (in the same transaction): the logs of the
    file, merged by id (a problem in them undoes the whole import); the line that says what
    was done with them ("" for a file without logs)."""
    from reflect_cli.core.logs_io import read_logs

    logs = read_logs(head, source)
    if not logs:
        return ""
    mark = None
    if settings.guard_enabled:
        from reflect_cli.core import guard

        def mark(text: str) -> bool:
            return bool(guard.find(text, settings.guard_words))

    result = store.import_logs(logs, mark)
    if not logs.records:
        return ""
    return (f"Logs (CPD, feedback, practice, discussions): {result.added} new,"
            f" {result.updated} updated, {result.unchanged} unchanged.")
