"""`reflect list`: your latest reflections, newest first, narrowed by day, tag or framework."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect_cli.commands.common import (
    MAX_NUMBER,
    JsonOption,
    TagOption,
    store_from,
)
from reflect_cli.core import clock
from reflect_cli.model import clean_tags
from reflect_cli.output import console

DEFAULT_LIMIT = 20


def list_entries(
    ctx: typer.Context,
    number: Annotated[
        int, typer.Option("--number", "-n", min=1, max=MAX_NUMBER, help="Show at most this many.")
    ] = DEFAULT_LIMIT,
    since: Annotated[str | None, typer.Option(help="From this day (e.g. 2026-01-01, 4w).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to and including this day.")] = None,
    tag: TagOption = None,
    framework: Annotated[str | None, typer.Option(help="Only entries of this framework.")] = None,
    json: JsonOption = False,
) -> None:
    """List your reflections, newest first (the latest 20 unless you give -n).

    Example: reflect list -n 5 --since 2w -t handover
    """
    start = clock.parse_date(since, "--since") if since else None
    end = clock.parse_date(until, "--until") if until else None
    tags = clean_tags(tag)
    entries = store_from(ctx).entries(
        since=start,
        until=end,
        tags=tags,
        framework=framework,
        newest_first=True,
        limit=number,
    )
    if json:
        from reflect_cli.output import shapes

        console.print_json([shapes.entry_summary(entry) for entry in entries])
        return
    from reflect_cli.output.screens.entries import entries_table, no_entries

    if not entries:
        console.show(no_entries(bool(start or end or tags or framework)))
        return
    console.show(entries_table(entries))
