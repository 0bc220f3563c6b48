"""`reflect practice`: the practice hours log (list; add, edit and delete by id). A record holds
hours worked over a stretch of days (--from/--to); where a stretch crosses the edge of a
revalidation period, only the part inside counts there, prorated by days."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Annotated

import typer

from reflect_cli.commands import common, logbook
from reflect_cli.commands.common import JsonOption, SinceOption, UntilOption, store_from
from reflect_cli.commands.logbook import RecordIdArgument, YesOption
from reflect_cli.core import logs
from reflect_cli.errors import UsageError
from reflect_cli.model import short_id
from reflect_cli.output import console

if TYPE_CHECKING:
    from reflect_cli.core.config import Config

TABLE = "practice"
app = common.group("Your practice hours: how many, over which days, in what role.\n\n"
                   "Example: reflect practice add 150 --from 2026-01-01 --to 2026-01-31")

RoleOption = Annotated[str | None, typer.Option("--role", help="Your role or setting, e.g. "
                                                "\"Staff nurse, medical ward\".")]
FromOption = Annotated[str | None, typer.Option("--from", metavar="DATE", help="The first day"
                                                " (default: today).")]
ToOption = Annotated[str | None, typer.Option("--to", metavar="DATE", help="The last day"
                                              " (default: the --from day).")]


@app.callback()
def practice(ctx: typer.Context, since: SinceOption = None, until: UntilOption = None,
             json: JsonOption = False) -> None:
    """List your practice hours, oldest first (records with a day in --since..--until).

    Example: reflect practice  ·  reflect practice add 37.5 --from 2026-03-02 --to 2026-03-06
    """
    if ctx.invoked_subcommand is not None:
        return
    filters = common.entry_filters(since, until, None, None)
    found = store_from(ctx).practice_records(filters["since"], filters["until"])
    if json:
        from reflect_cli.output import logs_shapes

        console.print_json([logs_shapes.practice(p) for p in found])
        return
    from reflect_cli.output.screens import logs as screens

    console.show(screens.practice_list(found) if found
                 else screens.empty(TABLE, bool(since or until)))


def _days(start: str | None, end: str | None, default: tuple[str, str] | None = None
          ) -> tuple[str, str]:
    """The first and last day from --from and --to. Adding (no `default`), the last day is the
    first unless --to says; a --to alone is refused. Editing, each keeps `default`'s day."""
    if default is None:
        if start is None and end is not None:
            raise UsageError("--to goes with --from.",
                             "Example: --from 2026-03-02 --to 2026-03-06")
        first = logbook.day_of(start, "--from")
        last = logbook.day_of(end, "--to") if end is not None else first
    else:
        first = logbook.day_of(start, "--from") if start is not None else default[0]
        last = logbook.day_of(end, "--to") if end is not None else default[1]
    if last < first:
        raise UsageError(f"--to ({last}) is before --from ({first}).",
                         "Swap them round and try again.")
    return first, last


@app.command("add")
def add(
    ctx: typer.Context,
    hours: Annotated[str, typer.Argument(metavar="HOURS", help="Hours of practice: 37.5 or 7:30.")],
    role: RoleOption = None,
    start: FromOption = None,
    end: ToOption = None,
) -> None:
    """Log hours of practice, on one day or over several.

    Example: reflect practice add 150 --from 2026-01-01 --to 2026-01-31 --role "Staff nurse"
    """
    first, last = _days(start, end)
    record = logs.PracticeHours(id="", hours=logs.parse_hours(hours, "HOURS"), start=first,
                                end=last, role=logs.checked_text(role or "", "--role"))
    saved = store_from(ctx).add_record(record)
    from reflect_cli.output.screens import logs as screens

    console.show(screens.saved(TABLE, saved))
    _warn(saved, common.settings_from(ctx))


@app.command("edit")
def edit(
    ctx: typer.Context,
    record_id: RecordIdArgument,
    hours: Annotated[
        str | None, typer.Option("--hours", metavar="H", help="Hours of practice.")
    ] = None,
    role: RoleOption = None,
    start: FromOption = None,
    end: ToOption = None,
) -> None:
    """Change a practice record: give only what changes.

    Example: reflect practice edit 3f2a9c --hours 160 --to 2026-02-03
    """
    if all(v is None for v in (hours, role, start, end)):
        raise logbook.nothing_to_change("reflect practice edit", "--hours 160 (or --role, --from,"
                                        " --to)")
    store = store_from(ctx)
    current = store.record(TABLE, store.resolve_record_id(TABLE, record_id))
    first, last = _days(start, end, (current.start, current.end))
    changed = dataclasses.replace(
        current, start=first, end=last,
        hours=logs.parse_hours(hours, "--hours") if hours is not None else current.hours,
        role=logs.checked_text(role, "--role") if role is not None else current.role,
    )
    from reflect_cli.output.screens import logs as screens

    saved = store.update_record(changed)
    console.show(screens.saved(TABLE, saved, verb="Changed"))
    _warn(saved, common.settings_from(ctx))


@app.command("delete")
def delete(ctx: typer.Context, record_id: RecordIdArgument, yes: YesOption = False) -> None:
    """Delete a practice record. Asks first (--yes to skip the question).

    Example: reflect practice delete 3f2a9c
    """
    logbook.delete_record(ctx, TABLE, record_id, yes, "reflect practice delete", "Practice")


def _warn(record: logs.PracticeHours, settings: Config) -> None:
    """What in the record's role could identify someone, said on stderr."""
    change = f'reflect practice edit {short_id(record.id)} --role "…"'
    logbook.warn_log_texts(record.id, {"role": record.role}, settings, change)
