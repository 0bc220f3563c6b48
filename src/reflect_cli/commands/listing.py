"""`reflect list`: your latest reflections, newest first, narrowed by day, tag or framework."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect_cli.commands.common import (
    MAX_NUMBER,
    FrameworkFilter,
    JsonOption,
    SinceOption,
    TagOption,
    UntilOption,
    entry_filters,
    store_from,
)
from reflect_cli.core import clock
from reflect_cli.core.on_this_day import remembered
from reflect_cli.output import console

DEFAULT_LIMIT = 20


def list_entries(
    ctx: typer.Context,
    number: Annotated[
        int, typer.Option("--number", "-n", min=1, max=MAX_NUMBER, help="Show at most this many.")
    ] = DEFAULT_LIMIT,
    since: SinceOption = None,
    until: UntilOption = None,
    tag: TagOption = None,
    framework: FrameworkFilter = None,
    starred: Annotated[bool, typer.Option("--starred", help="Only starred reflections.")] = False,
    on_this_day: Annotated[
        bool,
        typer.Option(
            "--on-this-day",
            help="Only those written on this day in earlier years, or on this day of the month "
            "earlier this year.",
        ),
    ] = False,
    project: Annotated[
        str | None,
        typer.Option("--project", metavar="NAME",
                     help="The cycles of a quality-improvement project, in the order they"
                     " happened."),
    ] = None,
    json: JsonOption = False,
) -> None:
    """List your reflections, newest first (the latest 20 unless you give -n).

    Example: reflect list -n 5 --since 2w -t handover  ·  reflect list --starred  ·
    reflect list --on-this-day  ·  reflect list --project "Falls huddle"
    """
    filters = entry_filters(since, until, tag, framework)
    if project is not None:
        from reflect_cli.commands.projects import list_project

        list_project(ctx, project, filters, json=json)
        return
    today = clock.now().date() if on_this_day else None
    entries = store_from(ctx).entries(
        **filters, starred=starred, on_this_day=today, newest_first=True, limit=number
    )
    if json:
        from reflect_cli.output import shapes

        if today is not None:
            console.print_json([shapes.remembered(r) for r in remembered(entries, today)])
        else:
            console.print_json([shapes.entry_summary(entry) for entry in entries])
        return
    from reflect_cli.output.screens import entries as screens

    if not entries:
        console.show(screens.no_entries(any(filters.values()), starred, on_this_day))
    elif today is not None:
        console.show(screens.remembered_list(remembered(entries, today)))
    else:
        console.show(screens.entries_table(entries))
