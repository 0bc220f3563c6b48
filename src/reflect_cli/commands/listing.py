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
    json: JsonOption = False,
) -> None:
    """List your reflections, newest first (the latest 20 unless you give -n).

    Example: reflect list -n 5 --since 2w -t handover
    """
    filters = entry_filters(since, until, tag, framework)
    entries = store_from(ctx).entries(**filters, newest_first=True, limit=number)
    if json:
        from reflect_cli.output import shapes

        console.print_json([shapes.entry_summary(entry) for entry in entries])
        return
    from reflect_cli.output.screens.entries import entries_table, no_entries

    if not entries:
        console.show(no_entries(any(filters.values())))
        return
    console.show(entries_table(entries))
