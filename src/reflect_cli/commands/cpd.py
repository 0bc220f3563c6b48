"""`reflect cpd`: the CPD log (list; add, edit and delete by id)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Annotated

import typer

from reflect_cli.commands import common, logbook
from reflect_cli.commands.common import JsonOption, SinceOption, UntilOption, store_from
from reflect_cli.commands.logbook import (
    EntryLinkOption,
    NoEntryOption,
    RecordIdArgument,
    StandardsOption,
    YesOption,
)
from reflect_cli.core import logs
from reflect_cli.model import short_id
from reflect_cli.output import console

if TYPE_CHECKING:
    from reflect_cli.core.config import Config

TABLE = "cpd"
app = common.group("Your CPD log: what you learnt, when, and for how long.\n\n"
                   "Example: reflect cpd add \"Sepsis update\" --hours 2 --participatory")

HoursOption = Annotated[
    str, typer.Option("--hours", metavar="H", help="How long it took: 2, 1.5 or 1:30.")
]
MethodOption = Annotated[
    str | None, typer.Option("--method", help="How: a course, e-learning, reading, a conference...")
]
NoteOption = Annotated[str | None, typer.Option("--note", help="How it relates to your practice.")]
PointsOption = Annotated[
    str | None,
    typer.Option("--points", metavar="P", help="CPD points, credits or CEUs it earned, if your"
                 " council counts them (default: one an hour)."),
]
DateOption = Annotated[
    str | None, typer.Option("--date", help="When (default: today): 2026-03-02, yesterday, 3d.")
]


@app.callback()
def cpd(ctx: typer.Context, since: SinceOption = None, until: UntilOption = None,
        json: JsonOption = False) -> None:
    """List your CPD, oldest first, with the hours in all and how many were participatory.

    Example: reflect cpd --since 2025-04-01  ·  reflect cpd add "Sepsis update" --hours 2
    """
    if ctx.invoked_subcommand is not None:
        return
    filters = common.entry_filters(since, until, None, None)
    found = store_from(ctx).cpd_activities(filters["since"], filters["until"])
    if json:
        from reflect_cli.output import logs_shapes

        console.print_json([logs_shapes.cpd(a) for a in found])
        return
    from reflect_cli.output.screens import logs as screens

    console.show(screens.cpd_list(found) if found else screens.empty(TABLE, bool(since or until)))


@app.command("add")
def add(
    ctx: typer.Context,
    topic: Annotated[str, typer.Argument(help="What it was about, e.g. \"Sepsis update\".")],
    hours: HoursOption,
    participatory: Annotated[
        bool, typer.Option("--participatory", help="Learning with one or more other professionals.")
    ] = False,
    method: MethodOption = None,
    date: DateOption = None,
    standard: StandardsOption = None,
    note: NoteOption = None,
    entry: EntryLinkOption = None,
    points: PointsOption = None,
) -> None:
    """Log a piece of CPD.

    Example: reflect cpd add "Sepsis update" --hours 2 --participatory --method "study day"
    --standard nmc:6
    """
    from reflect_cli.core import standards

    activity = logs.CpdActivity(
        id="", day=logbook.day_of(date, "--date"),
        topic=logs.checked_text(topic, "TOPIC", required=True),
        hours=logs.parse_hours(hours, "--hours"), participatory=participatory,
        method=logs.checked_text(method or "", "--method"),
        note=logs.checked_text(note or "", "--note"),
        points=logs.parse_points(points) if points is not None else None,
        standards=tuple(standards.resolve(standard or ())),
    )
    store = store_from(ctx)
    activity = dataclasses.replace(activity, entry_id=logbook.entry_id_of(store, entry))
    saved = store.add_record(activity)
    from reflect_cli.output.screens import logs as screens

    console.show(screens.saved(TABLE, saved))
    _warn(saved, common.settings_from(ctx))


@app.command("edit")
def edit(
    ctx: typer.Context,
    record_id: RecordIdArgument,
    topic: Annotated[str | None, typer.Option("--topic", help="What it was about.")] = None,
    hours: Annotated[
        str | None, typer.Option("--hours", metavar="H", help="How long it took.")
    ] = None,
    participatory: Annotated[
        bool | None,
        typer.Option("--participatory/--not-participatory", help="Whether it was participatory.",
                     show_default=False),
    ] = None,
    method: MethodOption = None,
    date: DateOption = None,
    standard: StandardsOption = None,
    note: NoteOption = None,
    entry: EntryLinkOption = None,
    no_entry: NoEntryOption = False,
    points: PointsOption = None,
) -> None:
    """Change a piece of CPD: give only what changes (--standard replaces its standards).

    Example: reflect cpd edit 3f2a9c --hours 2.5 --participatory
    """
    from reflect_cli.core import standards

    given = (topic, hours, participatory, method, date, standard, note, entry, points)
    if all(value is None for value in given) and not no_entry:
        raise logbook.nothing_to_change("reflect cpd edit", "--hours 2.5 (or --topic, --date,"
                                        " --participatory, --standard, --entry...)")
    store = store_from(ctx)
    current = store.record(TABLE, store.resolve_record_id(TABLE, record_id))
    changed = dataclasses.replace(
        current,
        topic=logs.checked_text(topic, "--topic", required=True) if topic is not None
        else current.topic,
        hours=logs.parse_hours(hours, "--hours") if hours is not None else current.hours,
        participatory=current.participatory if participatory is None else participatory,
        method=logs.checked_text(method, "--method") if method is not None else current.method,
        day=logbook.day_of(date, "--date") if date is not None else current.day,
        standards=tuple(standards.resolve(standard)) if standard is not None
        else current.standards,
        note=logs.checked_text(note, "--note") if note is not None else current.note,
        points=logs.parse_points(points) if points is not None else current.points,
        entry_id=logbook.linked_entry(store, entry, no_entry, current.entry_id),
    )
    from reflect_cli.output.screens import logs as screens

    saved = store.update_record(changed)
    console.show(screens.saved(TABLE, saved, verb="Changed"))
    _warn(saved, common.settings_from(ctx))


@app.command("delete")
def delete(ctx: typer.Context, record_id: RecordIdArgument, yes: YesOption = False) -> None:
    """Delete a piece of CPD from the log. Asks first (--yes to skip the question).

    Example: reflect cpd delete 3f2a9c
    """
    logbook.delete_record(ctx, TABLE, record_id, yes, "reflect cpd delete", "CPD")


def _warn(activity: logs.CpdActivity, settings: Config) -> None:
    """What in the activity's own words could identify someone, said on stderr."""
    fields = {"topic": activity.topic, "method": activity.method, "note": activity.note}
    change = f'reflect cpd edit {short_id(activity.id)} --note "…"'
    logbook.warn_log_texts(activity.id, fields, settings, change)
