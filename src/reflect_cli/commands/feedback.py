"""`reflect feedback`: the practice-related feedback log (list; add, edit and delete by id).
The identifier guard reads feedback as it reads a reflection: what could identify someone is
said on stderr, and the feedback is kept and marked (exports leave it out unless asked)."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer

from reflect_cli.commands import common, logbook
from reflect_cli.commands.common import JsonOption, SinceOption, UntilOption, store_from
from reflect_cli.commands.logbook import EntryLinkOption, NoEntryOption, RecordIdArgument, YesOption
from reflect_cli.core import logs
from reflect_cli.output import console

TABLE = "feedback"
SAVED = "Saved as you wrote it. Some of it could identify someone, so it is marked:"
CHANGED = "Your changes are saved. Some of it could still identify someone, so it is marked:"
FROM = "Who it came from: " + ", ".join(logs.FEEDBACK_SOURCES) + "."
app = common.group("Practice-related feedback: what patients, carers and colleagues told you.\n\n"
                   "Example: reflect feedback add \"Thanked us for explaining the plan\""
                   " --from carer")

DateOption = Annotated[str | None, typer.Option("--date", help="When (default: today).")]


@app.callback()
def feedback(ctx: typer.Context, since: SinceOption = None, until: UntilOption = None,
             json: JsonOption = False) -> None:
    """List your feedback, oldest first.

    Example: reflect feedback  ·  reflect feedback add "..." --from patient
    """
    if ctx.invoked_subcommand is not None:
        return
    filters = common.entry_filters(since, until, None, None)
    found = store_from(ctx).feedback_items(filters["since"], filters["until"])
    if json:
        from reflect_cli.output import logs_shapes

        console.print_json([logs_shapes.feedback(f) for f in found])
        return
    from reflect_cli.output.screens import logs as screens

    console.show(screens.feedback_list(found) if found
                 else screens.empty(TABLE, bool(since or until)))


@app.command("add")
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The feedback, in your words, without names.")],
    source: Annotated[str, typer.Option("--from", metavar="WHO", help=FROM)],
    date: DateOption = None,
    entry: EntryLinkOption = None,
) -> None:
    """Log a piece of practice-related feedback.

    Example: reflect feedback add "Said the discharge plan was clear" --from patient
    """
    record = logs.Feedback(id="", day=logbook.day_of(date, "--date"),
                           source=logs.feedback_source(source),
                           text=logs.checked_text(text, "TEXT", required=True))
    settings = common.settings_from(ctx)
    store = store_from(ctx)
    found = logbook.feedback_findings(record.text, settings)
    record = dataclasses.replace(record, entry_id=logbook.entry_id_of(store, entry),
                                 marked=bool(found))
    saved = store.add_record(record)
    from reflect_cli.output.screens import logs as screens

    console.show(screens.saved(TABLE, saved))
    logbook.warn_feedback(saved, found, SAVED)


@app.command("edit")
def edit(
    ctx: typer.Context,
    record_id: RecordIdArgument,
    text: Annotated[str | None, typer.Option("--text", help="The feedback, in your words.")] = None,
    source: Annotated[str | None, typer.Option("--from", metavar="WHO", help=FROM)] = None,
    date: DateOption = None,
    entry: EntryLinkOption = None,
    no_entry: NoEntryOption = False,
) -> None:
    """Change a piece of feedback: give only what changes.

    Example: reflect feedback edit 3f2a9c --from colleague
    """
    if all(v is None for v in (text, source, date, entry)) and not no_entry:
        raise logbook.nothing_to_change("reflect feedback edit", '--text "..." (or --from,'
                                        " --date, --entry)")
    settings = common.settings_from(ctx)
    store = store_from(ctx)
    current = store.record(TABLE, store.resolve_record_id(TABLE, record_id))
    new_text = current.text
    if text is not None:
        new_text = logs.checked_text(text, "--text", required=True)
    found = logbook.feedback_findings(new_text, settings)
    changed = dataclasses.replace(
        current, text=new_text,
        source=logs.feedback_source(source) if source is not None else current.source,
        day=logbook.day_of(date, "--date") if date is not None else current.day,
        entry_id=logbook.linked_entry(store, entry, no_entry, current.entry_id),
        marked=bool(found) if settings.guard_enabled else current.marked,
    )
    saved = store.update_record(changed)
    from reflect_cli.output.screens import logs as screens

    console.show(screens.saved(TABLE, saved, verb="Changed"))
    logbook.warn_feedback(saved, found, CHANGED)
    if current.marked and not found and settings.guard_enabled:
        console.show("Nothing in it looks as if it could identify anyone now.")


@app.command("delete")
def delete(ctx: typer.Context, record_id: RecordIdArgument, yes: YesOption = False) -> None:
    """Delete a piece of feedback from the log. Asks first (--yes to skip the question).

    Example: reflect feedback delete 3f2a9c
    """
    logbook.delete_record(ctx, TABLE, record_id, yes, "reflect feedback delete", "Feedback")
