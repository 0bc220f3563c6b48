"""`reflect search QUERY`: find reflections by their words, best match first."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect_cli.commands.common import MAX_NUMBER, JsonOption, store_from
from reflect_cli.errors import UsageError
from reflect_cli.output import console

DEFAULT_LIMIT = 20

# Lets a query start with '-' (e.g. "-5 mg") without being taken for an unknown option.
CONTEXT = {"ignore_unknown_options": True}


def search(
    ctx: typer.Context,
    query: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="QUERY...",
            help="Words to find; all must appear. Any text works, quotes and emoji too.",
            show_default=False,
        ),
    ] = None,
    number: Annotated[
        int, typer.Option("--number", "-n", min=1, max=MAX_NUMBER, help="Show at most this many.")
    ] = DEFAULT_LIMIT,
    json: JsonOption = False,
) -> None:
    """Search your reflections: stemmed words (handovers finds handover), best match first.

    Example: reflect search missed handover
    """
    text = " ".join(query or ())
    if not text.strip():
        raise UsageError(
            "There is nothing to search for.", 'Give a word or two: reflect search "handover"'
        )
    hits = store_from(ctx).search(text, limit=number)
    if json:
        from reflect_cli.output import shapes

        console.print_json([shapes.search_hit(hit) for hit in hits])
        return
    from reflect_cli.output.screens.entries import no_hits, search_results

    if not hits:
        console.show(no_hits(text))
        return
    console.show(search_results(hits))
